package org.cityhub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.cityhub.mapping.MappingException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Masking of id numbers, phone numbers and names, in values, free text, case documents and mapping errors. */
class PersonalDataTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anIdNumberKeepsItsRegionAndLastFour() {
        assertThat(PersonalData.maskIdNumber("500102199001011234")).isEqualTo("500102********1234");
        assertThat(PersonalData.maskIdNumber("11010519491231002X")).isEqualTo("110105********002X");
        assertThat(PersonalData.maskIdNumber("500102900101123")).isEqualTo("500102******123");
        assertThat(PersonalData.maskIdNumber("E12345678")).isEqualTo("E1*****78");
        assertThat(PersonalData.maskIdNumber("123")).isEqualTo("***");
        assertThat(PersonalData.maskIdNumber(null)).isNull();
    }

    @Test
    void aPhoneNumberKeepsItsFirstThreeAndLastFourDigits() {
        assertThat(PersonalData.maskPhone("13812345678")).isEqualTo("138****5678");
        assertThat(PersonalData.maskPhone("023-72221234")).isEqualTo("023-****1234");
        assertThat(PersonalData.maskPhone("110")).isEqualTo("***");
        assertThat(PersonalData.maskPhone(null)).isNull();
    }

    @Test
    void aNameKeepsItsSurnameCompoundSurnamesIncluded() {
        assertThat(PersonalData.maskName("张三")).isEqualTo("张*");
        assertThat(PersonalData.maskName("李小明")).isEqualTo("李**");
        assertThat(PersonalData.maskName("欧阳娜娜")).isEqualTo("欧阳**");
        assertThat(PersonalData.maskName("欧阳修")).isEqualTo("欧阳*");
        assertThat(PersonalData.maskName("阿依古丽·买买提")).isEqualTo("阿***·***");
        assertThat(PersonalData.maskName("John Smith")).isEqualTo("J*** *****");
        assertThat(PersonalData.maskName("王")).isEqualTo("*");
    }

    @Test
    void freeTextHasItsIdAndMobileNumbersMaskedAndNothingElse() {
        String line = "record 500102199001011234 of 冉德明 (tel 13983214567, +86 13812345678), supervision code"
                + " 50010220261121ABCDEFGH2K7, credit code 51500102MJ0A12345K, sync 20261120163000, count 12345678901234";
        assertThat(PersonalData.maskText(line)).isEqualTo("record 500102********1234 of 冉德明 (tel 139****4567, +86 138****5678),"
                + " supervision code 50010220261121ABCDEFGH2K7, credit code 51500102MJ0A12345K, sync 20261120163000,"
                + " count 12345678901234");
        assertThat(PersonalData.maskText("{\"ZJHM\":\"11010519491231002x\"}")).isEqualTo("{\"ZJHM\":\"110105********002x\"}");
    }

    @Test
    void maskCaseMasksNaturalPersonsAndLeavesOrganisationsTheirNameAndCode() throws Exception {
        ObjectNode c = (ObjectNode) json.readTree("""
                {"departmentCaseNo": "MZ0001", "application": {
                  "applicant": {"name": "涪陵区书法家协会", "type": "4", "idType": "001", "idNumber": "51500102MJ0A12345K", "phone": "023-72221234"},
                  "contact": {"name": "冉德明", "idType": "111", "idNumber": "500102199001011234", "phone": "13983214567"},
                  "agent": {"name": "欧阳娜娜", "idNumber": "11010519491231002X"}}}
                """);
        PersonalData.maskCase(c);
        assertThat(c.at("/application/applicant/name").asText()).isEqualTo("涪陵区书法家协会");
        assertThat(c.at("/application/applicant/idNumber").asText()).isEqualTo("51500102MJ0A12345K");
        assertThat(c.at("/application/applicant/phone").asText()).isEqualTo("023-****1234");
        assertThat(c.at("/application/contact/name").asText()).isEqualTo("冉*明".replace("明", "*"));
        assertThat(c.at("/application/contact/idNumber").asText()).isEqualTo("500102********1234");
        assertThat(c.at("/application/contact/phone").asText()).isEqualTo("139****4567");
        assertThat(c.at("/application/agent/name").asText()).isEqualTo("欧阳**");
        assertThat(c.at("/application/agent/idNumber").asText()).isEqualTo("110105********002X");
        assertThat(c.path("departmentCaseNo").asText()).isEqualTo("MZ0001");
    }

    @Test
    void aCaseWithoutPartiesIsLeftAlone() throws Exception {
        ObjectNode c = (ObjectNode) json.readTree("{\"departmentCaseNo\": \"X1\"}");
        assertThat(PersonalData.maskCase(c).toString()).isEqualTo("{\"departmentCaseNo\":\"X1\"}");
    }

    @Test
    void mappingErrorsQuotePersonalValuesMasked() {
        assertThat(new MappingException("application.applicant.idNumber", "a resident id", "'500102199001011234'").getMessage())
                .isEqualTo("application.applicant.idNumber: expected a resident id, got '500102********1234'");
        MappingException phone = new MappingException("application.contact.phone", "a phone number", "'13983214567'");
        assertThat(phone.getMessage()).endsWith("got '139****4567'");
        assertThat(phone.actual()).isEqualTo("'139****4567'");
        assertThat(new MappingException("application.applicant.name", "at most 20 characters", "'欧阳娜娜'").getMessage())
                .endsWith("got '欧阳**'");
        // a legacy column quoted by $refuse or an expression error: numbers found in the text are masked
        assertThat(new MappingException("ZJHM", "a known id", "'500102199001011234'").getMessage()).contains("500102********1234");
        assertThat(new MappingException("(mapping x.jsonata)", "cannot add 13983214567 to 1").getMessage()).contains("139****4567")
                .doesNotContain("13983214567");
        // not personal: quoted as it is
        assertThat(new MappingException("application.submittedAt", "a date", "'2026年13月1日'").getMessage()).endsWith("'2026年13月1日'");
    }
}
