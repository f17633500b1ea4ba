package org.cityhub.store;

/** One change in the feed: its sequence number and the Case JSON document as of that change. */
public record FeedEntry(long seq, String content) {
}
