package org.cityhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat for the harness's own servers (the department stub, the floors): a free port on the loopback
 * interface, the given number of request threads, one root context to add servlets to. Not started: the caller adds
 * its servlets, then starts it.
 */
record LoopbackTomcat(Tomcat tomcat, Context root) {

    /** Tomcat's own default: the department stub and the call-outs' floor, which mostly wait on a round trip. */
    static final int TOMCAT_DEFAULT_THREADS = 200;

    static LoopbackTomcat create(String name, int threads) throws IOException {
        Path base = Files.createTempDirectory("cityhub-bench-" + name);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("maxThreads", String.valueOf(threads));
        return new LoopbackTomcat(tomcat, tomcat.addContext("", base.toString()));
    }
}
