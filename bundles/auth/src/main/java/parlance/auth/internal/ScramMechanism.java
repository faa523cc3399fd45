package parlance.auth.internal;

import parlance.api.auth.SaslContext;
import parlance.api.auth.SaslExchange;
import parlance.api.auth.SaslMechanism;

/**
 * Base of the six SCRAM mechanism components (RFC 5802, RFC 7677): SCRAM-SHA-1, -SHA-256, -SHA-512 and their
 * -PLUS variants. The -PLUS variants require TLS (channel binding needs it).
 */
abstract class ScramMechanism implements SaslMechanism {
    private final ScramAlgorithm algorithm;
    private final boolean plus;
    private final AuthSupport support;

    ScramMechanism(ScramAlgorithm algorithm, boolean plus, AuthSupport support) {
        this.algorithm = algorithm;
        this.plus = plus;
        this.support = support;
    }

    @Override
    public String name() {
        return algorithm.mechanismName(plus);
    }

    @Override
    public boolean requiresTls() {
        return plus;
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new ScramExchange(algorithm, plus, support, context);
    }
}
