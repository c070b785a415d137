package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.sh;

import dev.capstan.process.Child;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Run by {@link Pid1Test} as PID 1 of a new PID namespace: starts the kernel, has a service
 * double-fork orphans, checks they are reaped, starts a long-running service, then waits for
 * {@code kill -TERM 1} from inside and shuts down. Prints one line per fact for the test to check.
 */
public final class Pid1Fixture {

    static final int ORPHANS = 100;

    private Pid1Fixture() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch term = new CountDownLatch(1);
        // PID 1 gets no default action for TERM: without a handler the kernel drops the signal.
        Signal.handle(new Signal("TERM"), s -> term.countDown());
        Child service;
        try (LinuxProcessKernel kernel = LinuxProcessKernel.start()) {
            System.out.println("pid1 " + kernel.isPid1());
            Child forker = kernel.spawn(sh("i=0; while [ $i -lt $1 ]; do (sleep 0 &); i=$((i+1)); done", ORPHANS).build());
            System.out.println("forker " + Sh.exit(forker));
            Proc.await(() -> kernel.orphansReaped() >= ORPHANS, Duration.ofSeconds(10));
            System.out.println("orphans " + kernel.orphansReaped());
            System.out.println("zombies " + Proc.zombieChildren(1));

            service = kernel.spawn(sh("exec sleep 300").build());
            kernel.spawn(sh("kill -TERM 1").build());
            System.out.println("term " + term.await(10, TimeUnit.SECONDS));
        }
        System.out.println("service " + service.exit().toCompletableFuture().getNow(null));
        System.out.println("left " + Proc.all().size());
        System.exit(0);
    }
}
