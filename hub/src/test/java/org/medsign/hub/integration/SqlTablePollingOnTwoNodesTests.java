package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.sqltable.SqlTable;
import org.medsign.adapters.sqltable.SqlTablePoller;

/**
 * Why the intermediate-table poller is not a singleton job (issue #12): two pollers of one table — two hub nodes —
 * polling at the same time hand every row to the hub exactly once, because each row is claimed by a conditional
 * UPDATE that only one of them wins. The gateway here only counts hand-offs.
 */
class SqlTablePollingOnTwoNodesTests {

    private static final int ROWS = 300;

    @Test
    void twoNodesPollingOneTableAtOnceHandEachRowOverExactlyOnce() throws Exception {
        SqlTable table = new SqlTable("jdbc:h2:mem:two-node-poll-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "",
                "sign_queue");
        table.createIfMissing();
        try (Connection connection = table.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO sign_queue (id, signer, document_type, content) VALUES (?, 'D0001', 'ANES_RECORD', ?)")) {
            for (int i = 0; i < ROWS; i++) {
                insert.setString(1, "row-" + i);
                insert.setBytes(2, ("麻醉记录 " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        Map<String, AtomicInteger> handedOver = new ConcurrentHashMap<>();
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind(SigningGateway.BEAN_NAME, SigningGateway.class, countingGateway(handedOver));
        camel.start();
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            AtomicInteger[] handled = {new AtomicInteger(), new AtomicInteger()};
            Thread[] nodes = new Thread[2];
            for (int n = 0; n < 2; n++) {
                SqlTablePoller poller = new SqlTablePoller("anesthesia", table, 50, Duration.ofMinutes(5), false,
                        "direct:anesthesia.outbound.result");
                int node = n;
                nodes[n] = new Thread(() -> {
                    try {
                        int polled;
                        do {
                            together.await(30, TimeUnit.SECONDS); // both nodes poll at the same moment
                            var exchange = new DefaultExchange(camel);
                            poller.process(exchange);
                            polled = exchange.getProperty(SqlTablePoller.HANDLED, Integer.class);
                            handled[node].addAndGet(polled);
                            together.await(30, TimeUnit.SECONDS); // both done: both see the same rows left
                        } while (newRows(table) > 0);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "node-" + n);
                nodes[n].start();
            }
            for (Thread node : nodes) {
                node.join(60_000);
            }
            assertThat(handedOver).hasSize(ROWS);
            assertThat(handedOver.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(handled[0].get() + handled[1].get()).isEqualTo(ROWS);
            assertThat(newRows(table)).isZero();
        } finally {
            camel.stop();
        }
    }

    private static int newRows(SqlTable table) throws Exception {
        try (Connection connection = table.connect();
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM sign_queue WHERE status NOT IN ('ACCEPTED')")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A gateway that accepts everything and counts, per row, how often it was handed over. */
    private static SigningGateway countingGateway(Map<String, AtomicInteger> handedOver) {
        return (SigningGateway) Proxy.newProxyInstance(SigningGateway.class.getClassLoader(),
                new Class<?>[] {SigningGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("accept")) {
                        SigningRequest request = (SigningRequest) args[0];
                        handedOver.computeIfAbsent(request.requestId(), id -> new AtomicInteger()).incrementAndGet();
                        return received(method);
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(handedOver, args);
                    }
                    return null;
                });
    }

    /** "RECEIVED" in whatever type {@code accept} answers with (a status name or its enum). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object received(Method accept) {
        Class<?> type = accept.getReturnType();
        return type.isEnum() ? Enum.valueOf((Class<Enum>) type, "RECEIVED") : "RECEIVED";
    }
}
