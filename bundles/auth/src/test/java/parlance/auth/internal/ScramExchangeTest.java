package parlance.auth.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import parlance.address.internal.PrecisAddressPreparer;
import parlance.api.auth.SaslExchange;
import parlance.api.auth.SaslMechanism;
import parlance.api.auth.SaslStep;

/** SCRAM exchanges (RFC 5802 §5, RFC 7677 §3, RFC 5802 §6 channel binding) against a fake user store. */
class ScramExchangeTest {
    private static final byte[] EXPORTER = "exporter-data-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_POINT = "end-point-hash-0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final Fakes.Context PLAIN_TCP = new Fakes.Context(Map.of());
    private static final Fakes.Context TLS = new Fakes.Context(
            Map.of("tls-exporter", EXPORTER, "tls-server-end-point", END_POINT));

    private final Fakes.MemoryUserStore store = new Fakes.MemoryUserStore();
    private final PrecisAddressPreparer preparer = new PrecisAddressPreparer();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private void addUser(String user, String password) {
        List<parlance.api.storage.ScramCredential> creds = List.of(
                ScramAlgorithm.SHA_1.credential(password, b("salt-1-" + user), 4096),
                ScramAlgorithm.SHA_256.credential(password, b("salt-256-" + user), 4096),
                ScramAlgorithm.SHA_512.credential(password, b("salt-512-" + user), 4096));
        store.users.put(user, creds);
    }

    private SaslMechanism mechanism(ScramAlgorithm a, boolean plus, AuthSupport support) {
        return new ScramMechanism(a, plus, support) { };
    }

    private SaslMechanism mechanism(ScramAlgorithm a, boolean plus) {
        return mechanism(a, plus, new AuthSupport(store, preparer, 4096));
    }

    /** RFC 5802 §5: the SHA-1 example, byte for byte. */
    @Test
    void rfc5802Sha1TestVector() {
        byte[] salt = Base64.getDecoder().decode("QSXCR+Q6sek8bf92");
        store.users.put("user", List.of(ScramAlgorithm.SHA_1.credential("pencil", salt, 4096)));
        AuthSupport support = new AuthSupport(store, preparer, 4096, () -> "3rfcNHYJY1ZVvWVs7j");
        SaslExchange ex = mechanism(ScramAlgorithm.SHA_1, false, support).start(PLAIN_TCP);
        SaslStep first = Fakes.await(ex.evaluate(b("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL")));
        assertEquals(SaslStep.Kind.CHALLENGE, first.kind());
        assertEquals("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096", s(first.data()));
        SaslStep fin = Fakes.await(ex.evaluate(b("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                + "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=")));
        assertEquals(SaslStep.Kind.SUCCESS, fin.kind());
        assertEquals("user", fin.username());
        assertEquals("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", s(fin.data()));
    }

    /** RFC 7677 §3: the SHA-256 example, byte for byte. */
    @Test
    void rfc7677Sha256TestVector() {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        store.users.put("user", List.of(ScramAlgorithm.SHA_256.credential("pencil", salt, 4096)));
        AuthSupport support = new AuthSupport(store, preparer, 4096, () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
        SaslExchange ex = mechanism(ScramAlgorithm.SHA_256, false, support).start(PLAIN_TCP);
        SaslStep first = Fakes.await(ex.evaluate(b("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")));
        assertEquals("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                s(first.data()));
        SaslStep fin = Fakes.await(ex.evaluate(b("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")));
        assertEquals(SaslStep.Kind.SUCCESS, fin.kind());
        assertEquals("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", s(fin.data()));
    }

    private SaslStep run(SaslMechanism m, Fakes.Context ctx, String gs2, byte[] cb, String user, String password) {
        ScramClient client = new ScramClient(ScramAlgorithm.valueOf(m.name().contains("512") ? "SHA_512"
                : m.name().contains("256") ? "SHA_256" : "SHA_1"), gs2, cb, user, "clientnonce42", password);
        SaslExchange ex = m.start(ctx);
        assertEquals(0, Fakes.await(ex.evaluate(null)).data().length, "empty challenge without initial response");
        SaslStep first = Fakes.await(ex.evaluate(client.first()));
        if (first.kind() != SaslStep.Kind.CHALLENGE) {
            return first;
        }
        SaslStep fin = Fakes.await(ex.evaluate(client.fin(first.data())));
        if (fin.kind() == SaslStep.Kind.SUCCESS) {
            client.verifyServer(fin.data());
        }
        return fin;
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void fullExchangeSucceedsForEachHash(ScramAlgorithm a) {
        addUser("juliet", "r0m30myr0m30");
        SaslMechanism m = mechanism(a, false);
        assertEquals("SCRAM-" + a.hashName(), m.name());
        SaslStep step = run(m, PLAIN_TCP, "n,,", new byte[0], "JuLiEt", "r0m30myr0m30");
        assertEquals(SaslStep.Kind.SUCCESS, step.kind());
        assertEquals("juliet", step.username());
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void wrongPasswordAndUnknownUserAreNotAuthorized(ScramAlgorithm a) {
        addUser("juliet", "r0m30myr0m30");
        assertEquals("not-authorized", run(mechanism(a, false), PLAIN_TCP, "n,,", new byte[0], "juliet",
                "wrong").failure());
        assertEquals("not-authorized", run(mechanism(a, false), PLAIN_TCP, "n,,", new byte[0], "nobody",
                "r0m30myr0m30").failure());
    }

    @Test
    void unknownUserGetsStableSaltAndTheConfiguredIterations() {
        AuthSupport support = new AuthSupport(store, preparer, 4096);
        String s1 = s(Fakes.await(mechanism(ScramAlgorithm.SHA_256, false, support).start(TLS)
                .evaluate(b("n,,n=nobody,r=abc"))).data());
        String s2 = s(Fakes.await(mechanism(ScramAlgorithm.SHA_256, true, support).start(TLS)
                .evaluate(b("p=tls-exporter,,n=nobody,r=abc"))).data());
        String other = s(Fakes.await(mechanism(ScramAlgorithm.SHA_256, false, support).start(TLS)
                .evaluate(b("n,,n=somebody,r=abc"))).data());
        assertEquals(s1.substring(s1.indexOf(",s=")), s2.substring(s2.indexOf(",s=")));
        assertNotEquals(s1.substring(s1.indexOf(",s=")), other.substring(other.indexOf(",s=")));
        assertEquals(16, Base64.getDecoder().decode(s1.replaceAll(".*,s=([^,]+),.*", "$1")).length);
        assertEquals(true, s1.endsWith(",i=4096"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x,,n=juliet,r=abc", "n,n=juliet,r=abc", "n,,r=abc", "n,,n=juliet", "n,,n=ju=liet,r=a",
        "n,,n=juliet,r=a,b", "n,,m=ext,n=juliet,r=abc", "n,b=x,n=juliet,r=abc", "p=,,n=juliet,r=abc",
        "n,,n=juliet,r=ab c"})
    void badClientFirstIsMalformed(String message) {
        addUser("juliet", "pw");
        assertEquals("malformed-request",
                Fakes.await(mechanism(ScramAlgorithm.SHA_256, false).start(PLAIN_TCP).evaluate(b(message))).failure());
    }

    @Test
    void badClientFinalIsMalformedAndInvalidUtf8Too() {
        addUser("juliet", "pw");
        SaslExchange ex = mechanism(ScramAlgorithm.SHA_256, false).start(PLAIN_TCP);
        assertEquals(SaslStep.Kind.CHALLENGE, Fakes.await(ex.evaluate(b("n,,n=juliet,r=abc"))).kind());
        assertEquals("malformed-request", Fakes.await(ex.evaluate(b("c=biws,r=abc"))).failure());
        assertEquals("malformed-request", Fakes.await(mechanism(ScramAlgorithm.SHA_1, false).start(PLAIN_TCP)
                .evaluate(new byte[] {'n', ',', ',', 'n', '=', (byte) 0xC3, ',', 'r', '=', 'a'})).failure());
    }

    @Test
    void saslnameIsDecodedAndAuthzidChecked() {
        addUser("a,b=c", "pw");
        addUser("juliet", "pw");
        assertEquals("a,b=c", run(mechanism(ScramAlgorithm.SHA_256, false), PLAIN_TCP, "n,,", new byte[0],
                "a=2Cb=3Dc", "pw").username());
        assertEquals(SaslStep.Kind.SUCCESS, run(mechanism(ScramAlgorithm.SHA_256, false), PLAIN_TCP,
                "n,a=Juliet@Example.com,", new byte[0], "juliet", "pw").kind());
        assertEquals("invalid-authzid", run(mechanism(ScramAlgorithm.SHA_256, false), PLAIN_TCP,
                "n,a=romeo@example.com,", new byte[0], "juliet", "pw").failure());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls-exporter", "tls-server-end-point"})
    void plusBindsToTheChannel(String type) {
        addUser("juliet", "pw");
        byte[] data = TLS.channelBinding(type);
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            SaslMechanism m = mechanism(a, true);
            assertEquals("SCRAM-" + a.hashName() + "-PLUS", m.name());
            assertEquals(true, m.requiresTls());
            SaslStep ok = run(m, TLS, "p=" + type + ",,", data, "juliet", "pw");
            assertEquals(SaslStep.Kind.SUCCESS, ok.kind(), a + " " + type);
            SaslStep bad = run(m, TLS, "p=" + type + ",,", b("some other channel"), "juliet", "pw");
            assertEquals("not-authorized", bad.failure(), "mismatching channel-binding data must fail");
        }
    }

    @Test
    void plusRefusesMissingOrUnsupportedBinding() {
        addUser("juliet", "pw");
        SaslMechanism m = mechanism(ScramAlgorithm.SHA_256, true);
        assertEquals("malformed-request", run(m, TLS, "n,,", new byte[0], "juliet", "pw").failure());
        assertEquals("not-authorized", run(m, TLS, "p=tls-unique,,", EXPORTER, "juliet", "pw").failure());
        assertEquals("not-authorized", run(m, PLAIN_TCP, "p=tls-exporter,,", EXPORTER, "juliet", "pw").failure());
    }

    /** RFC 5802 §6: "y" while this connection offers -PLUS means a downgrade; "p=" needs a -PLUS mechanism. */
    @Test
    void nonPlusDetectsDowngrade() {
        addUser("juliet", "pw");
        SaslMechanism m = mechanism(ScramAlgorithm.SHA_256, false);
        assertEquals("not-authorized", run(m, TLS, "y,,", new byte[0], "juliet", "pw").failure());
        assertEquals(SaslStep.Kind.SUCCESS, run(m, PLAIN_TCP, "y,,", new byte[0], "juliet", "pw").kind());
        assertEquals(SaslStep.Kind.SUCCESS, run(m, TLS, "n,,", new byte[0], "juliet", "pw").kind());
        assertEquals("malformed-request", run(m, TLS, "p=tls-exporter,,", EXPORTER, "juliet", "pw").failure());
    }

    @Test
    void storeFailureIsTemporary() {
        addUser("juliet", "pw");
        store.failing = true;
        assertEquals("temporary-auth-failure",
                run(mechanism(ScramAlgorithm.SHA_256, false), PLAIN_TCP, "n,,", new byte[0], "juliet", "pw").failure());
    }

    @Test
    void nonceMustBeEchoed() {
        addUser("juliet", "pw");
        SaslExchange ex = mechanism(ScramAlgorithm.SHA_256, false).start(PLAIN_TCP);
        ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "n,,", new byte[0], "juliet", "abc", "pw");
        SaslStep first = Fakes.await(ex.evaluate(client.first()));
        String forged = s(first.data()).replaceFirst("r=abc[^,]+", "r=abcforged");
        assertEquals("not-authorized", Fakes.await(ex.evaluate(client.fin(b(forged)))).failure());
        assertArrayEquals(null, Fakes.await(ex.evaluate(b("c=biws,r=x,p=AAAA"))).data());
    }
}
