package parlance.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import parlance.api.address.JidFormatException;
import parlance.api.auth.SaslContext;
import parlance.api.auth.SaslExchange;
import parlance.api.auth.SaslStep;
import parlance.api.storage.ScramCredential;

/**
 * One SCRAM exchange on the server side (RFC 5802 §5, RFC 7677 §3), with channel binding for the -PLUS variants
 * (RFC 5802 §6; types {@code tls-exporter} of RFC 9266 and {@code tls-server-end-point} of RFC 5929 §4).
 *
 * <p>Steps: client-first → server-first (after an asynchronous credential lookup) → client-final → success with
 * {@code v=ServerSignature} as additional data, or a failure. Unknown users get a fake credential and the same
 * work; they fail at the proof check like a wrong password.
 */
final class ScramExchange implements SaslExchange {
    /** The channel-binding types this implementation accepts. */
    static final Set<String> SUPPORTED_CB = Set.of("tls-exporter", "tls-server-end-point");

    private enum State { INITIAL, SENT_FIRST, DONE }

    private final ScramAlgorithm algorithm;
    private final boolean plus;
    private final AuthSupport support;
    private final SaslContext context;

    private volatile State state = State.INITIAL;
    private volatile String username;
    private volatile boolean known;
    private volatile ScramCredential credential;
    private volatile String nonce;
    private volatile byte[] expectedCbind;
    private volatile String authMessagePrefix;

    ScramExchange(ScramAlgorithm algorithm, boolean plus, AuthSupport support, SaslContext context) {
        this.algorithm = algorithm;
        this.plus = plus;
        this.support = support;
        this.context = context;
    }

    @Override
    public CompletionStage<SaslStep> evaluate(byte[] response) {
        try {
            switch (state) {
                case INITIAL:
                    if (response == null) {
                        // no initial response: ask for the client-first-message with an empty challenge
                        return done(SaslStep.challenge(new byte[0]));
                    }
                    return clientFirst(response);
                case SENT_FIRST:
                    return done(clientFinal(response));
                default:
                    throw SaslFailure.malformed("exchange already finished");
            }
        } catch (SaslFailure f) {
            state = State.DONE;
            return done(SaslStep.failure(f.condition()));
        }
    }

    private CompletionStage<SaslStep> clientFirst(byte[] response) throws SaslFailure {
        ScramMessages.ClientFirst first = ScramMessages.parseClientFirst(response);
        byte[] cbData = checkChannelBinding(first);
        String user;
        try {
            user = support.preparer().prepareLocal(first.username);
        } catch (JidFormatException e) {
            throw new SaslFailure(SaslFailure.NOT_AUTHORIZED, "unpreparable username");
        }
        if (!support.authzidAllowed(first.authzid, user, context)) {
            throw new SaslFailure(SaslFailure.INVALID_AUTHZID, "authzid is not the user's bare JID");
        }
        byte[] header = first.gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] cbind = new byte[header.length + cbData.length];
        System.arraycopy(header, 0, cbind, 0, header.length);
        System.arraycopy(cbData, 0, cbind, header.length, cbData.length);
        username = user;
        expectedCbind = cbind;
        nonce = first.clientNonce + support.newNonce();
        state = State.DONE; // until the lookup completes, any further response is out of order
        CompletionStage<Optional<ScramCredential>> lookup;
        try {
            lookup = support.store().credential(user, algorithm.hashName());
        } catch (RuntimeException e) {
            return done(SaslStep.failure(SaslFailure.TEMPORARY));
        }
        return lookup.handle((found, error) -> {
            if (error != null) {
                return SaslStep.failure(SaslFailure.TEMPORARY);
            }
            known = found.isPresent();
            ScramCredential c = known ? found.get() : support.fakeCredential(user, algorithm);
            credential = c;
            String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(c.salt())
                    + ",i=" + c.iterations();
            authMessagePrefix = first.bare + "," + serverFirst + ",";
            state = State.SENT_FIRST;
            return SaslStep.challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
        });
    }

    /**
     * RFC 5802 §6: a -PLUS exchange needs "p=" with a type this connection supports; a plain exchange must not get
     * "p=", and "y" (client could bind but thinks the server cannot) means a downgrade when this connection offers
     * channel binding.
     */
    private byte[] checkChannelBinding(ScramMessages.ClientFirst first) throws SaslFailure {
        if (plus) {
            if (first.cbindFlag != 'p') {
                throw SaslFailure.malformed("-PLUS mechanism without channel binding");
            }
            byte[] data = SUPPORTED_CB.contains(first.cbindType)
                    && context.channelBindingTypes().contains(first.cbindType)
                    ? context.channelBinding(first.cbindType) : null;
            if (data == null) {
                throw new SaslFailure(SaslFailure.NOT_AUTHORIZED, "unsupported channel-binding type");
            }
            return data;
        }
        if (first.cbindFlag == 'p') {
            throw SaslFailure.malformed("channel binding requested with a non-PLUS mechanism");
        }
        if (first.cbindFlag == 'y' && offersChannelBinding()) {
            throw new SaslFailure(SaslFailure.NOT_AUTHORIZED, "channel-binding downgrade detected");
        }
        return new byte[0];
    }

    private boolean offersChannelBinding() {
        for (String type : context.channelBindingTypes()) {
            if (SUPPORTED_CB.contains(type)) {
                return true;
            }
        }
        return false;
    }

    private SaslStep clientFinal(byte[] response) throws SaslFailure {
        state = State.DONE;
        if (response == null) {
            throw SaslFailure.malformed("missing client-final-message");
        }
        ScramMessages.ClientFinal fin = ScramMessages.parseClientFinal(response);
        byte[] authMessage = (authMessagePrefix + fin.withoutProof).getBytes(StandardCharsets.UTF_8);
        ScramCredential c = credential;
        byte[] storedKey = c.storedKey();
        byte[] clientSignature = algorithm.hmac(storedKey, authMessage);
        byte[] proof = fin.proof;
        boolean ok = proof.length == clientSignature.length;
        byte[] clientKey = new byte[clientSignature.length];
        for (int i = 0; i < clientKey.length; i++) {
            clientKey[i] = (byte) (clientSignature[i] ^ (i < proof.length ? proof[i] : 0));
        }
        ok &= MessageDigest.isEqual(algorithm.h(clientKey), storedKey);
        ok &= MessageDigest.isEqual(fin.channelBinding, expectedCbind);
        ok &= fin.nonce.equals(nonce);
        byte[] serverSignature = algorithm.hmac(c.serverKey(), authMessage);
        if (!ok || !known) {
            return SaslStep.failure(SaslFailure.NOT_AUTHORIZED, username);
        }
        String v = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        return SaslStep.success(username, v.getBytes(StandardCharsets.UTF_8));
    }

    private static CompletionStage<SaslStep> done(SaslStep step) {
        return CompletableFuture.completedFuture(step);
    }
}
