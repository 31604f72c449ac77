package org.medsign.hub.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.ObjectName;

import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.Test;

/** What Jolokia may do: read (minus secrets) and a few Camel operations. */
class JolokiaAccessPolicyTests {

    static final String CONTEXT = "org.apache.camel:context=medsign,type=context,name=\"medsign\"";
    static final String ROUTE = "org.apache.camel:context=medsign,type=routes,name=\"his.inbound.mllp\"";

    final JolokiaAccessPolicy policy = new JolokiaAccessPolicy(null);

    static ObjectName name(String name) throws Exception {
        return new ObjectName(name);
    }

    @Test
    void okRouteLifecycleAndStatistics() throws Exception {
        for (String op : new String[] {"start", "stop", "stop(long)", "suspend", "resume()",
                "dumpRouteStatsAsXml(boolean,boolean)", "dumpStatsAsJSon"}) {
            assertThat(JolokiaAccessPolicy.allows(name(ROUTE), op)).as(op).isTrue();
        }
        assertThat(JolokiaAccessPolicy.allows(name(CONTEXT), "dumpRoutesStatsAsXml(boolean,boolean)")).isTrue();
        assertThat(JolokiaAccessPolicy.allows(name("hawtio:type=security,name=RBACRegistry"), "list()")).isTrue();
    }

    @Test
    void failSendRequestEndpointsAndEverythingElse() throws Exception {
        for (String op : new String[] {"sendBody", "sendBody(java.lang.String,java.lang.Object)", "requestBody",
                "sendStringBody", "requestBodyAndHeaders", "createEndpoint", "removeEndpoints", "setGlobalOption",
                "dumpRoutesAsXml(boolean)", "start", "stop", "suspend", "restart"}) {
            assertThat(JolokiaAccessPolicy.allows(name(CONTEXT), op)).as("context " + op).isFalse();
        }
        for (String op : new String[] {"updateRouteFromXml", "remove", "dumpRouteAsXml(boolean)", "stopAndFail",
                "statsAsJSon"}) {
            assertThat(JolokiaAccessPolicy.allows(name(ROUTE), op)).as("route " + op).isFalse();
        }
        assertThat(JolokiaAccessPolicy.allows(name("org.apache.camel:type=routes,*"), "stop")).as("patterns")
                .isFalse();
        assertThat(JolokiaAccessPolicy.allows(name("com.sun.management:type=DiagnosticCommand"), "vmSystemProperties"))
                .isFalse();
        assertThat(JolokiaAccessPolicy.allows(name("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap"))
                .isFalse();
        assertThat(JolokiaAccessPolicy.allows(name("org.springframework.boot:type=Admin,name=SpringApplication"),
                "getProperty")).isFalse();
        assertThat(JolokiaAccessPolicy.allows(name("org.apache.activemq.artemis:broker=\"localhost\""),
                "sendMessage")).isFalse();
        assertThat(policy.isTypeAllowed(RequestType.NOTIFICATION)).isFalse();
    }

    @Test
    void readsExceptSecretsCommandLineAndMessages() throws Exception {
        assertThat(policy.isAttributeReadAllowed(name(ROUTE), "State")).isTrue();
        assertThat(policy.isAttributeReadAllowed(name("java.lang:type=Memory"), "HeapMemoryUsage")).isTrue();
        assertThat(policy.isAttributeReadAllowed(name("java.lang:type=Runtime"), "Uptime")).isTrue();
        assertThat(policy.isAttributeReadAllowed(name("java.lang:type=Runtime"), "SystemProperties")).isFalse();
        assertThat(policy.isAttributeReadAllowed(name("java.lang:type=Runtime"), "InputArguments")).isFalse();
        assertThat(policy.isAttributeReadAllowed(name("com.zaxxer.hikari:type=PoolConfig"), "Password")).isFalse();
        assertThat(policy.isAttributeReadAllowed(name("x:type=y"), "ClusterPassword")).isFalse();
        assertThat(policy.isAttributeReadAllowed(name("x:type=y"), "apiKey")).isFalse();
        assertThat(policy.isAttributeReadAllowed(name("org.apache.activemq.artemis:broker=\"b\",queue=\"q\""),
                "FirstMessageAsJSON")).isFalse();
    }

    @Test
    void neverGrantsCorsButLetsTheStrictCheckToTheSecurityChain() {
        assertThat(policy.isOriginAllowed("http://evil.example", false)).isFalse();
        assertThat(policy.isOriginAllowed("null", false)).isFalse();
        assertThat(policy.isOriginAllowed(null, true)).isTrue();
    }
}
