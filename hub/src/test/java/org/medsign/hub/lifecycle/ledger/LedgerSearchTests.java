package org.medsign.hub.lifecycle.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Identity numbers inside certificate subjects are masked before a screen sees them. */
class LedgerSearchTests {

    @Test
    void masksIdentityNumbersInsideSubjects() {
        assertThat(LedgerSearch.maskIdentityNumbers("CN=张三,SERIALNUMBER=11010519491231002X,OU=心内科"))
                .isEqualTo("CN=张三,SERIALNUMBER=110***********002X,OU=心内科");
        assertThat(LedgerSearch.maskIdentityNumbers("CN=李四,SERIALNUMBER=D0001")).isEqualTo("CN=李四,SERIALNUMBER=D0001");
        assertThat(LedgerSearch.maskIdentityNumbers("SERIALNUMBER=1101051949123100271")).as("19 digits: not one")
                .isEqualTo("SERIALNUMBER=1101051949123100271");
        assertThat(LedgerSearch.maskIdentityNumbers(null)).isNull();
    }
}
