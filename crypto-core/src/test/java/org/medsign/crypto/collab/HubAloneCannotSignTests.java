package org.medsign.crypto.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsign.crypto.collab.InProcessCollab.utf8;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2KeyPair;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/**
 * The hub holds d2, P and every transcript, and still cannot sign: its API has no way to finish a signature, d2 is
 * not the private key, and what it sees of past signatures does not turn into a new one.
 */
class HubAloneCannotSignTests {

    private static final BigInteger N = CollabParameters.order();
    private final InProcessCollab collab = new InProcessCollab();
    private final InProcessCollab.Key key = collab.keygen();
    private final byte[] target = utf8("出院小结：患者张三，签名医师李四");

    private boolean verifies(BigInteger r, BigInteger s) {
        if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
            return false;
        }
        return Sm2.verify(key.server().publicKey(), SignerId.DEFAULT, target, new CollabSignature(r, s).toPlain(),
                Sm2SignatureEncoding.PLAIN);
    }

    @Test
    void noServerSideTypeReturnsASignature() {
        List<Class<?>> serverSide = List.of(CollabServer.class, ServerShare.class, ServerSigningSession.class,
                CollabSessions.class, CollabServer.Keygen.class);
        List<String> offenders = new ArrayList<>();
        for (Class<?> type : serverSide) {
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers()) && method.getReturnType() == CollabSignature.class) {
                    offenders.add(type.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertThat(offenders).isEmpty();
        // the only way to a CollabSignature is the client's finish, which needs d1
        assertThat(Arrays.stream(CollabClient.Signing.class.getMethods())
                .filter(m -> m.getReturnType() == CollabSignature.class).map(Method::getName)).containsExactly("finish");
    }

    @Test
    void signingWithTheHubShareAsPrivateKeyDoesNotVerify() {
        BigInteger d2 = key.server().d2();
        Sm2KeyPair asIfPrivate = Sm2.keyPairOf(d2);

        byte[] signature = Sm2.sign(asIfPrivate.privateKey(), SignerId.DEFAULT, target, Sm2SignatureEncoding.PLAIN,
                new SecureRandom());

        assertThat(asIfPrivate.publicKey().getQ()).isNotEqualTo(key.server().publicKey().getQ());
        assertThat(Sm2.verify(key.server().publicKey(), SignerId.DEFAULT, target, signature,
                Sm2SignatureEncoding.PLAIN)).isFalse();
    }

    @Test
    void theHubsBestGuessesWithD2AsTheInverseFactorDoNotVerify() {
        // A genuine signature has s = (1+d)⁻¹(k + r) − r with (1+d)⁻¹ = d1·d2. The hub knows k (it can choose k1 = 1
        // for itself, k = k3 + k2) and r, but not d1: it tries d1 = 1, i.e. d2 standing in for (1+d)⁻¹, and d2⁻¹.
        byte[] e = CollabServer.digest(key.server(), SignerId.DEFAULT, target);
        BigInteger d2 = key.server().d2();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            BigInteger k = CollabParameters.randomScalar(random);
            ECPoint kG = CollabParameters.multiplyG(k);
            BigInteger r = new BigInteger(1, e).add(kG.getAffineXCoord().toBigInteger()).mod(N);
            assertThat(verifies(r, d2.multiply(k.add(r)).subtract(r).mod(N))).isFalse();
            assertThat(verifies(r, d2.modInverse(N).multiply(k.add(r)).subtract(r).mod(N))).isFalse();
            assertThat(verifies(r, d2.multiply(k.subtract(r.multiply(d2))).mod(N))).isFalse();
        }
    }

    @Test
    void transcriptsOfPastSignaturesDoNotSignANewMessage() {
        // The hub records (e, Q1, r, s2, s3, k2, k3) of many sessions and sees the final (r, s) in the CMS it stores.
        List<CollabSignature> seen = new ArrayList<>();
        List<SignResponse> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] message = utf8("order " + i);
            ServerSigningSession session = collab.server.openSession(key.server(), SignerId.DEFAULT, message);
            CollabClient.Signing signing = collab.client.startSigning(key.client(), session.id(), SignerId.DEFAULT,
                    message);
            SignResponse answer = session.respond(signing.request());
            answers.add(answer);
            seen.add(signing.finish(answer));
        }
        // replaying any old (r, s), or recombining old answers' scalars, does not sign the new target
        for (int i = 0; i < seen.size(); i++) {
            assertThat(verifies(seen.get(i).r(), seen.get(i).s())).isFalse();
            SignResponse a = answers.get(i);
            assertThat(verifies(a.r(), a.s3().subtract(a.r()).mod(N))).isFalse();
            assertThat(verifies(a.r(), a.s2().add(a.s3()).subtract(a.r()).mod(N))).isFalse();
        }
        // and a server session never yields more than its one answer: the hub cannot finish without the device
        ServerSigningSession session = collab.server.openSession(key.server(), SignerId.DEFAULT, target);
        assertThat(Arrays.stream(ServerSigningSession.class.getMethods()).map(Method::getReturnType))
                .doesNotContain(CollabSignature.class);
        assertThat(session.used()).isFalse();
    }
}
