package org.medsign.hub.lifecycle.ledger;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.Gmt0015;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.operator.Sm2ContentSigner;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2KeyPair;
import org.medsign.crypto.sm.Sm2PrivateKeySigner;
import org.medsign.hub.lifecycle.inventory.InventoryCategory;

/**
 * A generated hospital roster (Chinese names, valid identity numbers), system accounts, certificates from a test
 * issuer outside the hub (SM2/SM3, PEM and DER, matched by serialNumber, by the GM/T 0015 identity extension, or
 * weakly by CN/OU), usage dates, and planted anomalies of every inventory category, with what the inventory must
 * find. Optionally with bad rows of every kind and where they are.
 */
public final class LedgerFixture {

    private static final String[] SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
            .split("");
    private static final String[] GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子")
            .split("");
    private static final String[] DEPARTMENTS = {"心内科", "呼吸内科", "消化内科", "神经内科", "普外科", "骨科",
            "妇产科", "儿科", "急诊科", "检验科", "放射科", "麻醉科"};
    private static final String[] POSTS = {"主任医师", "副主任医师", "主治医师", "住院医师", "主管护师", "护师"};

    /** One staff member as written to staff.csv. */
    public record Person(String staffId, String name, String idCard, String department, String post, String status) {
    }

    public final String staffCsv;
    public final String accountsCsv;
    public final String usageCsv;
    /** File name → bytes (PEM or DER). */
    public final Map<String, byte[]> certificates;
    /** Category → serials (staff ids for MISSING) the inventory must report. */
    public final Map<InventoryCategory, Set<String>> expected;
    /** "file|line|code" of every planted bad row (empty without bad rows). */
    public final Set<String> expectedRejections;
    /** Certificates matched by CN and OU only. */
    public final int weakMatches;
    /** Certificates without any holder. */
    public final int unmatched;
    /** Certificate files that import (bad files excluded). */
    public final int goodCertificates;
    /** A certificate that usage.csv says is idle but that the hub signed with yesterday (test inserts the record). */
    public final String usedByHub;
    /** Staff id → person, as in the file (bad rows excluded). */
    public final Map<String, Person> people;

    private LedgerFixture(Builder b) {
        this.staffCsv = b.staff.toString();
        this.accountsCsv = b.accounts.toString();
        this.usageCsv = b.usage.toString();
        this.certificates = b.files;
        this.expected = b.expected;
        this.expectedRejections = b.rejections;
        this.weakMatches = b.weak;
        this.unmatched = b.unmatched;
        this.goodCertificates = b.goodCertificates;
        this.usedByHub = b.usedByHub;
        this.people = b.people;
    }

    /** Generates {@code count} (≥ 100) staff with the planted anomalies, relative to {@code now}. */
    public static LedgerFixture generate(int count, Instant now, boolean badRows) {
        return new Builder(now).build(count, badRows);
    }

    /** Writes staff.csv, accounts.csv, usage.csv and certs/ into {@code dir}. */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("staff.csv"), staffCsv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("accounts.csv"), accountsCsv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("usage.csv"), usageCsv, StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> file : certificates.entrySet()) {
            Files.write(dir.resolve("certs").resolve(file.getKey()), file.getValue());
        }
    }

    /** A valid identity number for index i (distinct birth dates). */
    static String idCard(int i) {
        String first17 = "110101" + LocalDate.of(1960, 1, 1).plusDays(i * 11L).format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%03d", i % 1000);
        return first17 + IdentityNumber.checkCharacter(first17);
    }

    private static final class Builder {
        private final Instant now;
        private final SecureRandom random = new SecureRandom();
        private final Sm2KeyPair issuerKey = Sm2.generateKeyPair(random);
        private final Sm2PrivateKeySigner issuerSigner = new Sm2PrivateKeySigner(issuerKey.privateKey(), random);
        // the ledger never needs the subjects' private keys: one public key serves every certificate
        private final Sm2KeyPair subjectKey = Sm2.generateKeyPair(random);
        private final X500Name issuer = new X500Name("CN=测试外部CA,O=某省数字证书认证中心,C=CN");
        private final StringBuilder staff = new StringBuilder(
                "staff_id,name,id_card_no,department,post,employment_status,mobile\n");
        private final StringBuilder accounts = new StringBuilder("system,account,staff_id\n");
        private final StringBuilder usage = new StringBuilder("serial,last_used_at\n");
        private int staffLine = 1;
        private int accountsLine = 1;
        private int usageLine = 1;
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        private final Map<InventoryCategory, Set<String>> expected = new EnumMap<>(InventoryCategory.class);
        private final Set<String> rejections = new TreeSet<>();
        private final Map<String, Person> people = new LinkedHashMap<>();
        private int weak;
        private int unmatched;
        private int goodCertificates;
        private int usageFormat;
        private String usedByHub;

        Builder(Instant now) {
            this.now = now;
            for (InventoryCategory category : InventoryCategory.values()) {
                expected.put(category, new TreeSet<>());
            }
        }

        private Instant days(long n) {
            return now.plus(Duration.ofDays(n));
        }

        LedgerFixture build(int count, boolean badRows) {
            for (int i = 1; i <= count; i++) {
                String staffId = String.format("S%05d", i);
                String name = SURNAMES[i % SURNAMES.length] + GIVEN[(i / SURNAMES.length) % GIVEN.length]
                        + GIVEN[(i * 7) % GIVEN.length];
                String department = DEPARTMENTS[i % DEPARTMENTS.length];
                String post = POSTS[i % POSTS.length];
                String status = i == 10 ? "停职" : i == 9 ? "on_leave" : i == 15 ? "离职" : i >= 13 && i <= 14 ? "left"
                        : i % 3 == 0 ? "在职" : "active";
                Person person = new Person(staffId, name, idCard(i), department, post, status);
                people.put(staffId, person);
                staffRow(String.join(",", staffId, name, person.idCard(), department, post, status,
                        "139" + String.format("%08d", i)));
                if (i != 11 && i != 12) {
                    accountRow("his", "H" + staffId, staffId);
                    if (i % 2 == 0) {
                        accountRow("lis", "L" + staffId, staffId);
                    }
                    if (i % 50 == 0) {
                        accountRow("emr", "E" + i, staffId);
                    }
                }
                if (i <= 8) {
                    expected.get(InventoryCategory.MISSING).add(staffId);
                    continue;
                }
                if (i <= 12) {
                    continue; // on leave, or no accounts: not missing
                }
                plant(i, person);
            }
            for (int n = 1; n <= 4; n++) {
                X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN")
                        .addRDN(BCStyle.OU, "外院").addRDN(BCStyle.CN, "外院医生" + n)
                        .addRDN(BCStyle.SERIALNUMBER, String.format("X%04d", n)).build();
                String serial = certificate("orphan-" + n, subject, null, days(-100), days(300), n % 2 == 0);
                usageRow(serial, days(-3));
                expected.get(InventoryCategory.ORPHANED).add(serial);
                unmatched++;
            }
            if (badRows) {
                badRows();
            }
            return new LedgerFixture(this);
        }

        private void plant(int i, Person p) {
            boolean der = i % 2 == 0;
            String file = "cert-" + p.staffId();
            if (i >= 13 && i <= 15) {
                String serial = certificate(file, subject(p, true, false, p.name(), p.department(), p.post()), null,
                        days(-100), days(300), der);
                usageRow(serial, days(-5));
                expected.get(InventoryCategory.ORPHANED).add(serial);
                return;
            }
            if (i >= 16 && i <= 22) {
                String old = certificate(file + "-old", subject(p, true, false, p.name(), p.department(), p.post()), null,
                        days(-400), days(-10), !der);
                usageRow(old, days(-20));
                expected.get(InventoryCategory.EXPIRED).add(old);
            }
            if (i >= 23 && i <= 31) {
                String serial = certificate(file, subject(p, true, false, p.name(), p.department(), p.post()), null,
                        days(-300), days(30), der);
                usageRow(serial, days(-1));
                expected.get(InventoryCategory.EXPIRING).add(serial);
                return;
            }
            if (i >= 32 && i <= 42) {
                String serial = certificate(file, subject(p, true, false, p.name(), p.department(), p.post()), null,
                        days(-100), days(300), der);
                usageRow(serial, days(-200));
                expected.get(InventoryCategory.IDLE).add(serial);
                return;
            }
            if (i == 43 || i == 44) {
                String serial = certificate(file, subject(p, true, false, p.name(), p.department(), p.post()), null,
                        days(-100), days(300), der);
                expected.get(InventoryCategory.IDLE).add(serial);
                return;
            }
            if (i == 45) {
                usedByHub = certificate(file, subject(p, true, false, p.name(), p.department(), p.post()), null,
                        days(-100), days(300), der);
                usageRow(usedByHub, days(-200));
                return;
            }
            if (i >= 46 && i <= 50) {
                String first = certificate(file, subject(p, true, false, p.name(), p.department(), p.post()), null,
                        days(-100), days(300), der);
                String second = certificate(file + "-2", subject(p, false, true, p.name(), p.department(), p.post()),
                        p.idCard(), days(-20), days(310), !der);
                usageRow(first, days(-2));
                usageRow(second, days(-2));
                expected.get(InventoryCategory.DUPLICATE).add(first);
                expected.get(InventoryCategory.DUPLICATE).add(second);
                return;
            }
            if (i >= 51 && i <= 56) {
                String name = i <= 52 ? p.name() + "某" : p.name();
                String department = i == 53 || i == 54 ? "旧科室" + i : p.department();
                String post = i >= 55 ? "实习医师" : p.post();
                String serial = certificate(file, subject(p, true, false, name, department, post), null, days(-100),
                        days(300), der);
                usageRow(serial, days(-4));
                expected.get(InventoryCategory.MISMATCHED).add(serial);
                return;
            }
            boolean weakMatch = i % 10 == 7;
            boolean identity = i % 10 == 3;
            String serial = certificate(file, subject(p, !weakMatch && !identity, !weakMatch, p.name(), p.department(),
                    weakMatch ? null : p.post()), identity ? p.idCard() : null, days(-100), days(300), der);
            if (weakMatch) {
                weak++;
            }
            usageRow(serial, days(-5));
        }

        private X500Name subject(Person p, boolean withSerialNumber, boolean unused, String cn, String ou, String title) {
            X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN")
                    .addRDN(BCStyle.O, "某市人民医院").addRDN(BCStyle.OU, ou);
            if (title != null) {
                b.addRDN(BCStyle.T, title);
            }
            b.addRDN(BCStyle.CN, cn);
            if (withSerialNumber) {
                b.addRDN(BCStyle.SERIALNUMBER, p.staffId());
            }
            return b.build();
        }

        /** Issues a certificate from the test issuer and adds it as a file; returns its serial (hex). */
        private String certificate(String name, X500Name subject, String idCard, Instant notBefore, Instant notAfter,
                                   boolean der) {
            X509CertificateHolder certificate = issue(subject, idCard, notBefore, notAfter);
            files.put(name + (der ? ".der" : ".pem"), der ? Pem.encoded(certificate)
                    : Pem.certificatePem(certificate).getBytes(StandardCharsets.US_ASCII));
            goodCertificates++;
            return SerialNumbers.hex(certificate.getSerialNumber());
        }

        private X509CertificateHolder issue(X500Name subject, String idCard, Instant notBefore, Instant notAfter) {
            try {
                BigInteger serial = SerialNumbers.random();
                X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial,
                        java.util.Date.from(notBefore), java.util.Date.from(notAfter), subject,
                        Sm2.toSubjectPublicKeyInfo(subjectKey.publicKey()));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
                if (idCard != null) {
                    builder.addExtension(Gmt0015.residentIdCardExtension(idCard));
                }
                return builder.build(new Sm2ContentSigner(issuerSigner, SignerId.DEFAULT));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void staffRow(String row) {
            staff.append(row).append('\n');
            staffLine++;
        }

        private void accountRow(String system, String account, String staffId) {
            accounts.append(system).append(',').append(account).append(',').append(staffId).append('\n');
            accountsLine++;
        }

        private void usageRow(String serial, Instant time) {
            String when = switch (usageFormat++ % 3) {
                case 0 -> time.toString();
                case 1 -> time.atZone(LedgerImport.HOSPITAL_ZONE).toLocalDateTime().withNano(0).toString();
                default -> time.atOffset(java.time.ZoneOffset.ofHours(8)).withNano(0).toString();
            };
            usage.append(serial.toLowerCase()).append(',').append(when).append('\n');
            usageLine++;
        }

        private void badRows() {
            staffRow("S09001,钱多多," + idCard(9001) + ",心内科,主治医师,retired,13900009001");
            rejections.add("staff.csv|" + staffLine + "|STATUS_INVALID");
            String wrongCheck = idCard(9002);
            wrongCheck = wrongCheck.substring(0, 17) + (wrongCheck.charAt(17) == '0' ? '1' : '0');
            staffRow("S09002,孙不对," + wrongCheck + ",心内科,主治医师,active,13900009002");
            rejections.add("staff.csv|" + staffLine + "|ID_CARD_INVALID");
            Person repeated = people.get("S00100");
            staffRow(String.join(",", "S00100", "重复者", idCard(9003), repeated.department(), repeated.post(), "active",
                    ""));
            rejections.add("staff.csv|" + staffLine + "|STAFF_ID_DUPLICATE");
            staffRow("S09004,缺列者,心内科,主治医师,active");
            rejections.add("staff.csv|" + staffLine + "|COLUMNS");
            staffRow("S09005,同证者," + idCard(50) + ",心内科,主治医师,active,");
            rejections.add("staff.csv|" + staffLine + "|ID_CARD_DUPLICATE");

            accountRow("his", "HS09001", "S09001");
            rejections.add("accounts.csv|" + accountsLine + "|STAFF_UNKNOWN");
            accountRow("his", "HS00100", "S00101");
            rejections.add("accounts.csv|" + accountsLine + "|ACCOUNT_DUPLICATE");

            files.put("garbage.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
                    .getBytes(StandardCharsets.US_ASCII));
            rejections.add("garbage.pem|-|CERTIFICATE_UNREADABLE");
            files.put("notes.txt", "这不是证书".getBytes(StandardCharsets.UTF_8));
            rejections.add("notes.txt|-|CERTIFICATE_UNREADABLE");
            X500Name stray = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "两张证书").build();
            String two = Pem.certificatePem(issue(stray, null, days(-1), days(1)))
                    + Pem.certificatePem(issue(stray, null, days(-1), days(1)));
            files.put("two.pem", two.getBytes(StandardCharsets.US_ASCII));
            rejections.add("two.pem|-|CERTIFICATE_MULTIPLE");

            usage.append("0ABCDEF0123456,2025-01-01T00:00:00Z\n");
            usageLine++;
            rejections.add("usage.csv|" + usageLine + "|SERIAL_UNKNOWN");
            usage.append("XYZ,2025-01-01T00:00:00Z\n");
            usageLine++;
            rejections.add("usage.csv|" + usageLine + "|SERIAL_INVALID");
            String anySerial = expected.get(InventoryCategory.EXPIRING).iterator().next();
            usage.append(anySerial).append(",yesterday\n");
            usageLine++;
            rejections.add("usage.csv|" + usageLine + "|TIME_INVALID");
        }
    }

    /** All expected items as "category|key". */
    public Set<String> expectedItems() {
        Set<String> items = new TreeSet<>();
        expected.forEach((category, keys) -> keys.forEach(key -> items.add(category.key() + "|" + key)));
        return items;
    }

    /** Planted counts per category key. */
    public Map<String, Integer> expectedCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        expected.forEach((category, keys) -> counts.put(category.key(), keys.size()));
        return counts;
    }

    /** Names of the certificate files, sorted. */
    public List<String> certificateNames() {
        return new ArrayList<>(new TreeSet<>(certificates.keySet()));
    }
}
