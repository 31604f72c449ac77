package org.medsign.crypto.sm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class PerThreadRandomTests {

    @Test
    void eachThreadDrawsFromItsOwnGeneratorAndNoTwoDrawsRepeat() throws Exception {
        Set<BigInteger> drawn = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        byte[] bytes = new byte[32];
                        PerThreadRandom.INSTANCE.nextBytes(bytes);
                        drawn.add(new BigInteger(1, bytes));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(drawn).hasSize(8_000);
        assertThat(PerThreadRandom.INSTANCE.getAlgorithm()).contains("DRBG");
    }

    @Test
    void uuidsAreVersion4IetfVariantAndDistinct() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = PerThreadRandom.uuid();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
        assertThat(UUID.fromString(PerThreadRandom.uuid().toString()).version()).isEqualTo(4);
    }

    @Test
    void intsAndSeedsComeThroughTheThreadsGenerator() {
        Set<Integer> ints = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            ints.add(PerThreadRandom.INSTANCE.nextInt());
        }
        assertThat(ints).hasSizeGreaterThan(990);
        PerThreadRandom.INSTANCE.setSeed(new byte[] {1, 2, 3}); // mixes in, never resets the stream
        PerThreadRandom.INSTANCE.setSeed(42L);
        assertThat(PerThreadRandom.INSTANCE.generateSeed(16)).hasSize(16);
    }
}
