package parlance.stream.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.auth.SaslContext;
import parlance.api.auth.SaslExchange;
import parlance.api.auth.SaslMechanism;
import parlance.api.auth.SaslStep;
import parlance.api.stanza.StreamError;

/**
 * SASL negotiation of one stream (RFC 6120 §6.4): {@code <auth/>} with an initial response, challenges and
 * responses, {@code <abort/>}, {@code <success/>} with additional data and {@code <failure/>} with the §6.5
 * condition. Mechanisms are the registered {@link SaslMechanism} services that fit the connection; exchanges
 * complete asynchronously and resume on the event loop. After too many failures (§6.4.5) the stream ends with
 * {@code policy-violation}; failures also feed the per-address {@link AuthThrottle}.
 */
final class SaslNegotiation {
    private static final Logger LOG = LoggerFactory.getLogger(SaslNegotiation.class);
    private final StreamCore stream;
    private final StreamServices services;
    private final SaslContext context;
    private SaslExchange exchange;
    private int generation;
    private int failures;

    SaslNegotiation(StreamCore stream) {
        this.stream = stream;
        this.services = stream.services;
        this.context = new SaslContext() {
            @Override
            public String domain() {
                return services.domain;
            }

            @Override
            public boolean isSecure() {
                return stream.isSecure();
            }

            @Override
            public Set<String> channelBindingTypes() {
                return new LinkedHashSet<>(stream.channelBindingTypes());
            }

            @Override
            public byte[] channelBinding(String type) {
                return stream.channelBinding(type);
            }

            @Override
            public String remoteAddress() {
                return stream.remoteIp();
            }
        };
    }

    /** Mechanisms to offer now: TLS-only ones need TLS, -PLUS ones need channel-binding data (RFC 5802 §6). */
    List<SaslMechanism> offered() {
        List<SaslMechanism> out = new ArrayList<>();
        boolean cb = !stream.channelBindingTypes().isEmpty();
        for (SaslMechanism m : services.mechanisms()) {
            if ((!m.requiresTls() || stream.isSecure()) && (!m.name().endsWith("-PLUS") || cb)) {
                out.add(m);
            }
        }
        return out;
    }

    void handle(Element e) {
        switch (e.getName()) {
            case "auth":
                auth(e);
                break;
            case "response":
                response(e);
                break;
            case "abort":
                exchange = null;
                generation++;
                reply(StreamElements.saslFailure("aborted")); // §6.4.4
                break;
            default:
                stream.streamError(StreamError.UNSUPPORTED_STANZA_TYPE, null);
        }
    }

    private void auth(Element e) {
        exchange = null;
        generation++;
        if (services.throttle.blocked(stream.remoteIp())) {
            reply(StreamElements.saslFailure("temporary-auth-failure")); // §6.5.13
            return;
        }
        String name = e.attributeValue("mechanism");
        SaslMechanism mechanism = null;
        for (SaslMechanism m : offered()) {
            if (m.name().equals(name)) {
                mechanism = m;
                break;
            }
        }
        if (mechanism == null) {
            fail("invalid-mechanism", false); // §6.5.5
            return;
        }
        byte[] initial;
        try {
            initial = StreamElements.saslDecode(e);
        } catch (IllegalArgumentException ex) {
            fail("incorrect-encoding", false); // §6.5.2
            return;
        }
        try {
            exchange = mechanism.start(context);
        } catch (RuntimeException ex) {
            LOG.warn("SASL mechanism {} failed to start", name, ex);
            reply(StreamElements.saslFailure("temporary-auth-failure"));
            return;
        }
        evaluate(initial);
    }

    private void response(Element e) {
        if (exchange == null) {
            fail("malformed-request", false); // §6.5.6: a response outside an exchange
            return;
        }
        byte[] data;
        try {
            data = StreamElements.saslDecode(e);
        } catch (IllegalArgumentException ex) {
            exchange = null;
            fail("incorrect-encoding", false);
            return;
        }
        evaluate(data == null ? new byte[0] : data);
    }

    private void evaluate(byte[] response) {
        SaslExchange current = exchange;
        int gen = generation;
        CompletionStage<SaslStep> stage;
        try {
            stage = current.evaluate(response);
        } catch (RuntimeException ex) {
            completed(gen, null, ex);
            return;
        }
        stream.suspend();
        stage.whenComplete((step, error) -> stream.onLoop(() -> completed(gen, step, error)));
    }

    private void completed(int gen, SaslStep step, Throwable error) {
        boolean resumeLater = false;
        try {
            if (gen != generation || stream.isClosing()) {
                return;
            }
            if (error != null || step == null) {
                LOG.warn("SASL exchange failed for {}", stream.remoteAddress(), error);
                exchange = null;
                reply(StreamElements.saslFailure("temporary-auth-failure"));
                return;
            }
            switch (step.kind()) {
                case CHALLENGE:
                    reply(StreamElements.saslData("challenge", step.data() == null ? new byte[0] : step.data()));
                    break;
                case SUCCESS:
                    exchange = null;
                    if (step.username() == null || step.username().isEmpty()) {
                        LOG.warn("SASL mechanism reported success without a username");
                        reply(StreamElements.saslFailure("temporary-auth-failure"));
                        break;
                    }
                    LOG.debug("{} authenticated as {}", stream.remoteAddress(), step.username());
                    services.accountThrottle.success(step.username());
                    stream.authenticated(step.username(), step.data());
                    break;
                default:
                    exchange = null;
                    String condition = step.failure() == null ? "not-authorized" : step.failure();
                    long delay = services.accountThrottle.failure(step.username());
                    if (delay > 0) {
                        // keep reading suspended and answer later: slows guessing against this account
                        resumeLater = true;
                        stream.schedule(() -> {
                            try {
                                if (gen == generation && !stream.isClosing()) {
                                    fail(condition, true);
                                }
                            } finally {
                                stream.resume();
                            }
                        }, delay);
                    } else {
                        fail(condition, true);
                    }
            }
        } catch (RuntimeException ex) {
            LOG.warn("SASL step failed for {}", stream.remoteAddress(), ex);
            stream.streamError(StreamError.INTERNAL_SERVER_ERROR, null);
        } finally {
            if (!resumeLater) {
                stream.resume();
            }
        }
    }

    private void fail(String condition, boolean throttle) {
        reply(StreamElements.saslFailure(condition));
        if (throttle) {
            services.throttle.failure(stream.remoteIp());
        }
        if (++failures >= services.settings.authAttempts()) {
            stream.streamError(StreamError.POLICY_VIOLATION, "Too many failed authentication attempts");
        }
    }

    private void reply(Element e) {
        stream.send(e);
        stream.flush();
    }
}
