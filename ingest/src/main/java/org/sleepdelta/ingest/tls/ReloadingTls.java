package org.sleepdelta.ingest.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest API's server-side TLS: Jetty's {@link SslContextFactory.Server} with TLS 1.2 and 1.3 only (1.0 and 1.1
 * are refused in the handshake, whatever the JVM's defaults), and the certificate files of {@link TlsSettings} watched
 * by a poll: when their bytes change and they read as a valid key and certificate pair, new handshakes get the new
 * certificate ({@link SslContextFactory#reload}); open connections keep theirs. A change that does not read (a
 * rotation half done, a wrong password) is logged once and the current certificate stays until the files are right.
 *
 * <p>A poll rather than a file-system watch: it works the same on mounted secrets (Kubernetes swaps a symlink) and on
 * files replaced in place, and the interval ({@code tls-reload-interval}) bounds how long an old certificate is served.
 */
public final class ReloadingTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReloadingTls.class);
    /** The only protocols served. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final TlsSettings settings;
    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private final ScheduledExecutorService poll;
    private volatile ScheduledFuture<?> polling;
    private volatile TlsMaterial current;
    private String lastFailed;

    private ReloadingTls(TlsSettings settings, TlsMaterial first) {
        this.settings = settings;
        this.current = first;
        factory.setIncludeProtocols(PROTOCOLS.toArray(String[]::new));
        use(factory, first);
        poll = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingest-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Reads the files and starts watching them.
     *
     * @throws IllegalStateException when the files do not hold a valid key and certificate
     */
    public static ReloadingTls start(TlsSettings settings) {
        TlsMaterial first;
        try {
            first = TlsMaterial.read(settings);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the TLS certificate and key (" + settings + "): " + e, e);
        }
        ReloadingTls tls = new ReloadingTls(settings, first);
        long interval = settings.reloadInterval().toMillis();
        tls.polling = tls.poll.scheduleWithFixedDelay(tls::check, interval, interval, TimeUnit.MILLISECONDS);
        log.info("TLS certificate {}", first.describe());
        return tls;
    }

    /** For the connector; Jetty starts and stops it with the server. */
    public SslContextFactory.Server factory() {
        return factory;
    }

    /** The certificate new handshakes get. */
    public X509Certificate certificate() {
        return current.certificate();
    }

    /** Reloads if the files changed; runs on the poll thread (and in tests). */
    synchronized void check() {
        try {
            String fingerprint = TlsMaterial.fingerprint(settings);
            if (fingerprint.equals(current.fingerprint()) || fingerprint.equals(lastFailed)) {
                return;
            }
            TlsMaterial next;
            try {
                next = TlsMaterial.read(settings);
            } catch (IOException | GeneralSecurityException e) {
                lastFailed = fingerprint;
                log.warn(
                        "TLS files changed but do not read as a valid key and certificate; still serving {}: {}",
                        current.describe(),
                        e.toString());
                return;
            }
            factory.reload(f -> use((SslContextFactory.Server) f, next));
            current = next;
            lastFailed = null;
            log.info("TLS certificate reloaded: now {}", next.describe());
        } catch (Exception e) { // a missing file mid-rotation, or Jetty's reload failing: try again next time
            log.warn("TLS reload check failed; still serving {}: {}", current.describe(), e.toString());
        }
    }

    private static void use(SslContextFactory.Server factory, TlsMaterial material) {
        factory.setKeyStore(material.keyStore());
        String password = material.password();
        factory.setKeyStorePassword(password);
        factory.setKeyManagerPassword(password);
        factory.setCertAlias(TlsMaterial.ALIAS);
    }

    @Override
    public void close() {
        if (polling != null) {
            polling.cancel(false);
        }
        poll.shutdownNow();
    }

    @Override
    public String toString() {
        return "ReloadingTls[" + Objects.toString(settings) + "]";
    }
}
