package parlance.websocket.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import parlance.stream.spi.ElementTransport;

/**
 * The thread and address half of a BOSH session's {@link ElementTransport}: its tasks run one at a time on a
 * {@link SerialExecutor} over the shared pool, timers hand back to it, and the HTTP client's address and security
 * are fixed at session creation. {@link BoshSession} adds the XEP-0124 protocol.
 */
abstract class BoshTransport implements ElementTransport {
    final SerialExecutor serial;
    final ScheduledExecutorService scheduler;
    private final boolean secure;
    private final String remote;
    private final String remoteIp;

    BoshTransport(Executor pool, ScheduledExecutorService scheduler, boolean secure, String remoteIp,
            int remotePort) {
        this.serial = new SerialExecutor(pool);
        this.scheduler = scheduler;
        this.secure = secure;
        this.remoteIp = remoteIp;
        this.remote = remoteIp + ":" + remotePort;
    }

    @Override
    public void pauseInput() {
        // HTTP requests are queued per session already
    }

    @Override
    public void resumeInput() {
    }

    @Override
    public void execute(Runnable task) {
        serial.execute(task);
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        scheduler.schedule(() -> serial.execute(task), delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean inTransportThread() {
        return serial.inThread();
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String remoteIp() {
        return remoteIp;
    }
}
