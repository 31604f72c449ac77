package org.medsign.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpreadsheetCsvTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "fail/equals          | =HYPERLINK(\"http://evil.example\",\"x\") | `\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"`",
            "fail/plus            | `+cmd|' /C calc'!A0`                    | `'+cmd|' /C calc'!A0`",
            "fail/minus-formula   | -2+3                                    | '-2+3",
            "fail/at              | @SUM(1+1)                               | '@SUM(1+1)",
            "fail/fullwidth-equal | ＝1+1                                   | '＝1+1",
            "ok/negative-integer  | -5                                      | -5",
            "ok/negative-decimal  | -2.5                                    | -2.5",
            "ok/text              | 王伟                                    | 王伟",
            "ok/inner-equals      | a=b                                     | a=b",
            "ok/leading-quote     | 'quoted                                 | ''quoted",
            "ok/comma             | a,b                                     | `\"a,b\"`"})
    void neutralisesCellsASpreadsheetWouldEvaluate(String name, String value, String expected) {
        assertThat(SpreadsheetCsv.cell(value)).isEqualTo(expected);
    }

    @Test
    void tabAndCarriageReturnAtTheStartAreNeutralisedToo() {
        assertThat(SpreadsheetCsv.cell("\t=1+1")).isEqualTo("'\t=1+1");
        assertThat(SpreadsheetCsv.cell("\r=1+1")).isEqualTo("\"'\r=1+1\"");
    }

    @Test
    void storedValueIsTheCellWithOneLeadingQuoteRemoved() {
        for (String value : new String[] {"=1+1", "'quoted", "''two", "-5", "-2+3", "plain", "@x"}) {
            assertThat(SpreadsheetCsv.storedValue(SpreadsheetCsv.neutralised(value))).as(value).isEqualTo(value);
        }
    }

    @Test
    void rowsAreRfc4180WithCrlfAndOptionalByteOrderMark() {
        assertThat(SpreadsheetCsv.plain().row("a", null, 3).row(Arrays.asList("x\"y", "-1")).text())
                .isEqualTo("a,,3\r\n\"x\"\"y\",-1\r\n");
        assertThat(SpreadsheetCsv.withByteOrderMark().row("a").text()).isEqualTo("\uFEFFa\r\n");
    }
}
