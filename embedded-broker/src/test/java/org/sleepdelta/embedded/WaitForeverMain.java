package org.sleepdelta.embedded;

import java.util.concurrent.CountDownLatch;

/** A child JVM that would never end by itself, except through {@link ExitWhenStdinCloses}. */
public final class WaitForeverMain {

    private WaitForeverMain() {}

    public static void main(String[] args) throws InterruptedException {
        ExitWhenStdinCloses.start();
        System.out.println("waiting");
        new CountDownLatch(1).await();
    }
}
