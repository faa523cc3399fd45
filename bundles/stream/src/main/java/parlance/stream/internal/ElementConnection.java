package parlance.stream.internal;

import java.util.List;
import java.util.Set;
import org.dom4j.Element;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StreamError;
import parlance.stream.spi.ElementStream;
import parlance.stream.spi.ElementTransport;
import parlance.xml.StreamHeader;

/**
 * A {@link StreamCore} on an element-framed transport (RFC 7395 WebSocket; the {@link ElementTransport} SPI): the
 * transport hands over headers and complete elements, and gets elements back. No STARTTLS and no channel binding;
 * a restart after SASL success is simply the client's next header (RFC 7395 §3.5).
 */
final class ElementConnection implements Connection, ElementStream {
    private final ElementTransport transport;
    private final StreamCore core;
    private final Set<ElementConnection> open;

    ElementConnection(StreamServices services, ElementTransport transport, Set<ElementConnection> open) {
        this.transport = transport;
        this.open = open;
        this.core = new StreamCore(services, this);
        open.add(this);
    }

    // ---- ElementStream: input from the transport ----

    @Override
    public void header(String to, String from, String version, String lang) {
        core.touched();
        core.restarted();
        core.streamOpened(new StreamHeader(to, from, null, version, lang, Namespaces.CLIENT, "stream"));
    }

    @Override
    public void element(Element element) {
        core.touched();
        core.element(element);
    }

    @Override
    public void close() {
        core.streamClosed();
    }

    @Override
    public void error(StreamError condition, String text) {
        core.streamError(condition, text);
    }

    @Override
    public void ended() {
        open.remove(this);
        core.ended();
    }

    @Override
    public void shutdown() {
        core.onLoop(core::shutdown);
    }

    // ---- Connection: output to the transport ----

    @Override
    public void writeHeader(String from, String to, String id, String lang) {
        transport.open(from, id, lang);
    }

    @Override
    public void write(Element e) {
        transport.send(e);
    }

    @Override
    public void flush() {
        transport.flush();
    }

    @Override
    public void writeClose() {
        transport.close();
    }

    @Override
    public void closeAfter(long graceMillis) {
        transport.flush();
        transport.disconnect(Math.max(0, graceMillis));
    }

    @Override
    public void disconnect() {
        transport.disconnect(0);
    }

    @Override
    public boolean isActive() {
        return transport.isOpen();
    }

    @Override
    public boolean discarding() {
        return false;
    }

    @Override
    public void restartAfterTls() {
        // never: STARTTLS is not offered
    }

    @Override
    public void restartAfterAuth() {
        core.restarted(); // the client's next <open/> restarts the stream (RFC 7395 §3.5)
    }

    @Override
    public void pauseReading() {
        transport.pauseInput();
    }

    @Override
    public void resumeReading() {
        transport.resumeInput();
    }

    @Override
    public boolean inLoop() {
        return transport.inTransportThread();
    }

    @Override
    public void execute(Runnable task) {
        transport.execute(task);
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        transport.schedule(task, delayMillis);
    }

    @Override
    public boolean canStartTls() {
        return false;
    }

    @Override
    public boolean tlsStarted() {
        return false;
    }

    @Override
    public boolean startTls() {
        return false;
    }

    @Override
    public boolean isSecure() {
        return transport.isSecure();
    }

    @Override
    public List<String> channelBindingTypes() {
        return List.of();
    }

    @Override
    public byte[] channelBinding(String type) {
        return null;
    }

    @Override
    public String remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public String remoteIp() {
        return transport.remoteIp();
    }
}
