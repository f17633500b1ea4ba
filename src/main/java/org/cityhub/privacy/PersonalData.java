package org.cityhub.privacy;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Masking of personal data (GB/T 35273 个人信息安全规范 style: keep enough to recognise, never enough to use):
 * <ul>
 * <li>a resident id number (GB 11643, 18 characters) keeps its first 6 (the region) and last 4:
 * {@code 500102********1234}; a 15-character (first generation) number its first 6 and last 3; other id
 * numbers (passports) a short head and tail;</li>
 * <li>a phone number keeps its first 3 and last 4 digits: {@code 138****5678}, {@code 023-****1234};</li>
 * <li>a natural person's name keeps the surname: {@code 张*}, {@code 欧阳**} (compound surnames are
 * recognised); a Latin name keeps its first letter.</li>
 * </ul>
 * {@link #maskText} finds id numbers and mobile numbers inside free text (log lines, error messages).
 * Masking keeps the length, so a masked value still shows its shape.
 */
public final class PersonalData {

    /** The mask character. */
    public static final char MASK = '*';

    /** 复姓: surnames of two characters, so that 欧阳娜娜 keeps 欧阳. */
    private static final Set<String> COMPOUND_SURNAMES = Set.of("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟",
            "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "司空", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延",
            "百里", "万俟", "澹台", "公冶", "太史", "申屠", "钟离", "闻人", "赫连", "拓跋", "左丘", "谷梁", "东郭", "濮阳",
            "单于", "淳于", "仲孙", "闾丘", "公羊", "羊舌", "微生", "梁丘", "乐正", "第五", "宗政", "亓官", "巫马");

    /** The party roles of a Case's application (case.schema.json, Party). */
    public static final List<String> PARTY_ROLES = List.of("applicant", "contact", "agent");

    /** An 18-character resident id number inside text (not part of a longer token). */
    private static final Pattern ID_IN_TEXT = Pattern.compile(
            "(?<![0-9A-Za-z])([1-9][0-9]{5})(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])([0-9]{3}[0-9Xx])(?![0-9A-Za-z])");
    /** A mainland mobile number inside text, optionally with the country code. */
    private static final Pattern MOBILE_IN_TEXT = Pattern.compile("(?<![0-9A-Za-z])((?:\\+?86[- ]?)?1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9A-Za-z])");
    /** An organisation's unified social credit code (GB 32100) has letters or digits; a resident id is digits with X. */
    private static final Pattern CREDIT_CODE = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}");
    private static final Pattern RESIDENT_ID = Pattern.compile("[0-9]{17}[0-9Xx]");
    /** GA/T 2000.156 code of a unified social credit code (a legal person). */
    public static final String ID_TYPE_CREDIT_CODE = "001";

    private PersonalData() {
    }

    /** {@code 500102199001011234} → {@code 500102********1234}; null stays null. */
    public static String maskIdNumber(String id) {
        if (id == null) {
            return null;
        }
        String s = id.strip();
        int n = s.length();
        if (n == 18) {
            return s.substring(0, 6) + stars(8) + s.substring(14);
        }
        if (n == 15) {
            return s.substring(0, 6) + stars(6) + s.substring(12);
        }
        if (n <= 4) {
            return stars(n);
        }
        int head = Math.min(6, n / 4);
        int tail = Math.min(4, n / 4);
        return s.substring(0, head) + stars(n - head - tail) + s.substring(n - tail);
    }

    /** {@code 13812345678} → {@code 138****5678}; {@code 023-72221234} → {@code 023-****1234}; null stays null. */
    public static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        String s = phone.strip();
        int digits = (int) s.chars().filter(Character::isDigit).count();
        if (digits < 7) {
            return stars(s.length());
        }
        // keep the first 3 and the last 4 digits, mask every digit between; separators stay
        StringBuilder out = new StringBuilder(s.length());
        int seen = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                seen++;
                out.append(seen <= 3 || seen > digits - 4 ? c : MASK);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code 张三} → {@code 张*}; {@code 欧阳娜娜} → {@code 欧阳**}; {@code John Smith} → {@code J*** *****}; null stays null. */
    public static String maskName(String name) {
        if (name == null) {
            return null;
        }
        String s = name.strip();
        int[] cps = s.codePoints().toArray();
        if (cps.length <= 1) {
            return cps.length == 0 ? s : stars(1);
        }
        int keep = cps.length > 2 && COMPOUND_SURNAMES.contains(new String(cps, 0, 2)) ? 2 : 1;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cps.length; i++) {
            if (i < keep || Character.isWhitespace(cps[i]) || cps[i] == '·' || cps[i] == '.') {
                out.appendCodePoint(cps[i]);
            } else {
                out.append(MASK);
            }
        }
        return out.toString();
    }

    /**
     * Every resident id number and mobile number found in free text, masked; the rest unchanged. For log
     * lines and error messages, where no field tells what a value is.
     */
    public static String maskText(String text) {
        if (text == null || text.length() < 11) {
            return text;
        }
        String out = replace(ID_IN_TEXT, text, "********");
        return replace(MOBILE_IN_TEXT, out, "****");
    }

    private static String replace(Pattern p, String text, String middle) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        do {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + middle + m.group(2)));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Whether a field path names personal data: a party's {@code name}, {@code idNumber} or {@code phone}
     * ({@code application.applicant.idNumber}), or any {@code idNumber}/{@code phone} field.
     */
    public static boolean isPersonalField(String fieldPath) {
        return fieldKind(fieldPath) != null;
    }

    /** How a value at this field path is masked ({@code name}, {@code idNumber}, {@code phone}), or null. */
    static String fieldKind(String fieldPath) {
        if (fieldPath == null) {
            return null;
        }
        String last = fieldPath.substring(fieldPath.lastIndexOf('.') + 1);
        if (last.equals("idNumber") || last.equals("phone")) {
            return last;
        }
        if (last.equals("name")) {
            for (String role : PARTY_ROLES) {
                if (fieldPath.endsWith(role + ".name")) {
                    return "name";
                }
            }
        }
        return null;
    }

    /**
     * A value at a field path, masked as that field's kind when it is personal (and any id or mobile
     * number in it masked regardless). For error messages that quote what they found.
     */
    public static String maskValue(String fieldPath, String value) {
        if (value == null) {
            return null;
        }
        String kind = fieldKind(fieldPath);
        if (kind == null) {
            return maskText(value);
        }
        boolean quoted = value.length() >= 2 && value.startsWith("'") && (value.endsWith("'") || value.endsWith("'…") || value.endsWith("…"));
        String inner = value;
        String prefix = "";
        String suffix = "";
        if (quoted) {
            prefix = "'";
            int end = value.endsWith("'") ? value.length() - 1 : value.lastIndexOf('…');
            inner = value.substring(1, Math.max(1, end));
            suffix = value.substring(Math.max(1, end));
        }
        String masked = switch (kind) {
            case "idNumber" -> maskIdNumber(inner);
            case "phone" -> maskPhone(inner);
            default -> maskName(inner);
        };
        return prefix + masked + suffix;
    }

    /**
     * Masks the parties of a Case document in place ({@code application.applicant|contact|agent}: name, id
     * number, phone) and returns it. A party identified by a unified social credit code (an organisation)
     * keeps its name and code: they are public register data; its phone is masked still, as it is often a
     * person's. For API clients without the personal-data grant.
     */
    public static ObjectNode maskCase(ObjectNode caseDocument) {
        if (caseDocument == null) {
            return null;
        }
        JsonNode application = caseDocument.path("application");
        for (String role : PARTY_ROLES) {
            if (application.path(role) instanceof ObjectNode party) {
                maskParty(party);
            }
        }
        return caseDocument;
    }

    /** Masks one Party object in place (see {@link #maskCase}). */
    public static void maskParty(ObjectNode party) {
        boolean organisation = isOrganisation(party);
        if (!organisation) {
            maskField(party, "name", PersonalData::maskName);
            maskField(party, "idNumber", PersonalData::maskIdNumber);
        }
        maskField(party, "phone", PersonalData::maskPhone);
    }

    /** A party whose id is a unified social credit code: id type 001, or an 18-character code with letters. */
    static boolean isOrganisation(ObjectNode party) {
        String idType = party.path("idType").asText("");
        String id = party.path("idNumber").asText("").strip().toUpperCase();
        if (ID_TYPE_CREDIT_CODE.equals(idType)) {
            return true;
        }
        return !idType.equals("111") && CREDIT_CODE.matcher(id).matches() && !RESIDENT_ID.matcher(id).matches();
    }

    private static void maskField(ObjectNode party, String field, java.util.function.UnaryOperator<String> mask) {
        JsonNode v = party.get(field);
        if (v != null && !v.isNull()) {
            party.put(field, mask.apply(v.asText()));
        }
    }

    private static String stars(int n) {
        return String.valueOf(MASK).repeat(Math.max(0, n));
    }
}
