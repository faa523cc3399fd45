package parlance.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import parlance.address.internal.PrecisAddressPreparer;
import parlance.api.auth.SaslExchange;
import parlance.api.auth.SaslStep;

/** SASL PLAIN (RFC 4616) checked against SCRAM credentials created by the account manager. */
class PlainMechanismTest {
    private final Fakes.MemoryUserStore store = new Fakes.MemoryUserStore();
    private final AuthSupport support = new AuthSupport(store, new PrecisAddressPreparer(), 4096);
    private final PlainMechanism plain = new PlainMechanism(support);
    private final Fakes.Context tls = new Fakes.Context(Map.of("tls-exporter", new byte[] {1, 2, 3}));

    @BeforeEach
    void account() {
        assertTrue(Fakes.join(new ScramAccountManager(support, null).create("juliet", "Sh4kespeare")));
    }

    private SaslStep auth(String message) {
        return Fakes.await(plain.start(tls).evaluate(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rightPasswordSucceeds() {
        assertEquals("PLAIN", plain.name());
        assertTrue(plain.requiresTls());
        SaslStep step = auth("\0JULIET\0Sh4kespeare");
        assertEquals(SaslStep.Kind.SUCCESS, step.kind());
        assertEquals("juliet", step.username());
        assertNull(step.data());
        assertEquals(SaslStep.Kind.SUCCESS, auth("juliet@example.com\0juliet\0Sh4kespeare").kind());
    }

    @Test
    void emptyChallengeWithoutInitialResponse() {
        SaslExchange ex = plain.start(tls);
        SaslStep challenge = Fakes.await(ex.evaluate(null));
        assertEquals(SaslStep.Kind.CHALLENGE, challenge.kind());
        assertEquals(0, challenge.data().length);
        assertEquals(SaslStep.Kind.SUCCESS,
                Fakes.await(ex.evaluate("\0juliet\0Sh4kespeare".getBytes(StandardCharsets.UTF_8))).kind());
    }

    @Test
    void wrongPasswordOrUnknownUserIsNotAuthorized() {
        assertEquals("not-authorized", auth("\0juliet\0sh4kespeare").failure()); // OpaqueString keeps case
        assertEquals("not-authorized", auth("\0romeo\0Sh4kespeare").failure());
    }

    @Test
    void otherAuthzidIsRefused() {
        assertEquals("invalid-authzid", auth("romeo@example.com\0juliet\0Sh4kespeare").failure());
    }

    @ParameterizedTest
    @ValueSource(strings = {"juliet", "\0juliet", "\0\0pw", "\0juliet\0", "\0juliet\0pw\0x"})
    void badSyntaxIsMalformed(String message) {
        assertEquals("malformed-request", auth(message).failure());
    }

    @Test
    void storeFailureIsTemporary() {
        store.failing = true;
        assertEquals("temporary-auth-failure", auth("\0juliet\0Sh4kespeare").failure());
    }
}
