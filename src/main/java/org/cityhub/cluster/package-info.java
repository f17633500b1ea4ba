/**
 * Several hub nodes on one store and one broker: which node polls which source ({@link org.cityhub.cluster.SourceLeases}),
 * and this node's name ({@link org.cityhub.cluster.ClusterProperties}). Queue consumers need nothing here: the
 * broker spreads a queue's messages over every node's consumers.
 */
package org.cityhub.cluster;
