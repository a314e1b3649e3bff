package org.sleepdelta.streams;

/**
 * Which failures of one record may be turned into a rejection, and which must still fail the stream thread.
 *
 * <p>A poison pill must never kill the stream thread: the app would restart onto the same offset and die again. So
 * any failure while handling one record rejects that record, {@code Error}s included (a library's {@code
 * AssertionError}, say), except those that say the JVM or the code itself is broken, where rejecting would silently
 * drop every record that follows:
 *
 * <ul>
 *   <li>{@link VirtualMachineError} (out of memory, stack overflow, internal error): the JVM may be unusable;
 *   <li>{@link LinkageError} (a missing class, {@code ExceptionInInitializerError}): once a class failed to load or
 *       initialise, every later record fails the same way, so failing loudly is the honest answer;
 *   <li>{@link ThreadDeath}: the thread is being stopped and must be allowed to stop.
 * </ul>
 */
final class FatalFailures {
    private FatalFailures() {}

    @SuppressWarnings({"deprecation", "removal"})
    static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError || e instanceof LinkageError || e instanceof ThreadDeath) {
            throw (Error) e;
        }
    }

    /** The failure's class and message, for a rejection's detail (never for a log: the message may quote data). */
    static String describe(Throwable e) {
        return e.getClass().getName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
}
