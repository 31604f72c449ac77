#!/usr/bin/env python3
"""Writes the per-system test fixtures of MedSign Hub (see README.md beside this file).

The fixtures are committed; this script is how they were made and the way to change them: GBK and GB18030 files
cannot be edited safely in an ordinary editor. It is deterministic (no clock, no randomness), so running it again
gives byte-identical files. All patient data is fictional.

    python3 test-fixtures/generate_fixtures.py
"""

import base64
import csv
import hashlib
import io
import json
import os

ROOT = os.path.dirname(os.path.abspath(__file__))

# Fictional staff of the demo roster (the hub's demo accounts are D0001..D0010).
STAFF = {
    "D0001": ("王", "建国", "心内科"),
    "D0002": ("张", "志强", "心内科"),
    "D0003": ("刘", "芳", "呼吸内科"),
    "D0004": ("赵", "国栋", "普外科"),
    "D0005": ("孙", "丽", "体检中心"),
    "D0006": ("赵", "敏", "检验科"),
    "D0007": ("陈", "静", "检验科"),
    "D0008": ("李", "明", "麻醉科"),
    "D0009": ("周", "海涛", "放射科"),
    "D0010": ("吴", "婷", "放射科"),
}

FICTIONAL = "FICTIONAL TEST DATA - MedSign Hub test-fixtures - not a real patient"


def full_name(code):
    family, given, _ = STAFF[code]
    return family + given


def xcn(code):
    """XCN / CN: id^family^given."""
    family, given, _ = STAFF[code]
    return f"{code}^{family}^{given}"


def ndl(code):
    """OBR-32 (NDL, 2.5.1): the name is a CNN, so its parts are subcomponents."""
    family, given, _ = STAFF[code]
    return f"{code}&{family}&{given}"


# --------------------------------------------------------------------------------------------------------------
# PDF: one A4 page, a Latin header line in Helvetica and Chinese lines in the Adobe standard CJK font STSong-Light
# (UniGB-UCS2-H, not embedded: readers substitute a Song typeface), uncompressed, with a correct xref table.
# --------------------------------------------------------------------------------------------------------------

def _ucs2_hex(text):
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def make_pdf(title, lines):
    content = io.StringIO()
    content.write(f"BT /F1 8 Tf 56 806 Td ({FICTIONAL}) Tj ET\n")
    content.write(f"BT /F2 18 Tf 56 770 Td {_ucs2_hex(title)} Tj ET\n")
    content.write("BT /F2 10.5 Tf 56 738 Td 17 TL\n")
    for i, line in enumerate(lines):
        content.write(("" if i == 0 else "T* ") + _ucs2_hex(line) + " Tj\n")
    content.write("ET\n")
    stream = content.getvalue().encode("ascii")

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >>"
        b" /Contents 8 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R"
        b" /DW 1000 /W [1 95 500] >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream",
        b"<< /Title " + _ucs2_hex("\ufeff" + title).encode() + b" /Producer (MedSign Hub test-fixtures)"
        b" /CreationDate (D:20251103080000+08'00') >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


# --------------------------------------------------------------------------------------------------------------
# HL7 v2
# --------------------------------------------------------------------------------------------------------------

def segment(name, fields):
    """A segment from {field number: value}; missing fields are empty."""
    last = max(fields)
    return name + "|" + "|".join(fields.get(i, "") for i in range(1, last + 1))


def msh(sender, version, message_type, control_id, timestamp, charset):
    fields = ["MSH", "^~\\&", sender, "DEMOHOSP", "MEDSIGN", "DEMOHOSP", timestamp, "", message_type, control_id,
              "P", version]
    if charset is not None:
        fields += ["", "", "AL", "NE", "CHN", charset]
    return "|".join(fields)


def message_type(kind, version):
    """MSH-9: two components in 2.3, three (with the structure) from 2.3.1 on."""
    trigger = {"MDM": "T02", "ORU": "R01"}[kind]
    return f"{kind}^{trigger}" if version == "2.3" else f"{kind}^{trigger}^{kind}_{trigger}"


def ed(source, media_type, subtype, pdf):
    return f"{source}^{media_type}^{subtype}^Base64^" + base64.b64encode(pdf).decode("ascii")


def pid(mrn, family, given, birth, sex):
    return segment("PID", {1: "1", 3: f"{mrn}^^^DEMOHOSP^MR", 5: f"{family}^{given}^^^^^L", 7: birth, 8: sex})


def pv1(patient_class, department, room, bed, attending, visit):
    return segment("PV1", {1: "1", 2: patient_class, 3: f"{department}^{room}^{bed}^DEMOHOSP",
                           7: xcn(attending), 19: visit})


def mdm_t02(version, charset, control_id, timestamp, patient, visit, txa, obx):
    return [msh("HIS", version, message_type("MDM", version), control_id, timestamp, charset),
            segment("EVN", {1: "T02", 2: timestamp}), patient, visit, segment("TXA", txa)] + obx


def txa(document_type, document_id, status, timestamp, primary=None, authenticator=None):
    fields = {1: "1", 2: document_type, 3: "TX", 4: timestamp, 6: timestamp, 12: f"{document_id}^HIS", 17: status}
    if primary:
        fields[5] = xcn(primary)
        fields[9] = xcn(primary)
    if authenticator:
        fields[22] = xcn(authenticator)
    return fields


def obx(set_id, value_type, code, value, units="", reference="", flags="", observer=None, timestamp=""):
    fields = {1: str(set_id), 2: value_type, 3: code, 5: value, 6: units, 7: reference, 8: flags, 11: "F",
              14: timestamp}
    if observer:
        fields[16] = xcn(observer)
    return segment("OBX", fields)


def obr(placer, filler, service, observed, section, ordering, interpreter=None, reported=None, interpreter_field=None):
    fields = {1: "1", 2: f"{placer}^HIS", 3: f"{filler}^{section[1]}" if filler else "", 4: service, 7: observed,
              16: xcn(ordering), 22: reported or observed, 24: section[0], 25: "F"}
    if interpreter:
        fields[32] = interpreter_field or ndl(interpreter)
    return segment("OBR", fields)


def orc(placer, filler, ordering, timestamp):
    return segment("ORC", {1: "RE", 2: f"{placer}^HIS", 3: filler, 5: "CM", 9: timestamp, 12: xcn(ordering)})


def oru_r01(sender, version, charset, control_id, timestamp, patient, visit, order, observations):
    return [msh(sender, version, message_type("ORU", version), control_id, timestamp, charset), patient, visit,
            *order, *observations]


# --------------------------------------------------------------------------------------------------------------
# documents
# --------------------------------------------------------------------------------------------------------------

DISCHARGE_SUMMARY = [
    "患者李秀英，女，67岁，因“反复胸闷、气促3年，加重1周”于2025年10月27日入院。",
    "入院诊断：1.冠状动脉粥样硬化性心脏病 不稳定型心绞痛；2.高血压病3级（很高危）。",
    "诊疗经过：入院后予抗血小板、调脂稳定斑块、扩冠等治疗，10月29日行冠状动脉造影术，示前降支近段狭窄约80%，"
    "于前降支植入药物洗脱支架1枚，术后胸闷症状缓解。",
    "出院诊断：1.冠状动脉粥样硬化性心脏病 不稳定型心绞痛 PCI术后；2.高血压病3级（很高危）。",
    "出院情况：患者无胸闷、胸痛，生命体征平稳，右桡动脉穿刺处愈合良好。",
    "出院医嘱：1.阿司匹林肠溶片100mg 口服 每日1次；2.替格瑞洛片90mg 口服 每日2次；3.阿托伐他汀钙片20mg 口服 每晚1次；"
    "4.低盐低脂饮食，1个月后心内科门诊复查。",
]

PROGRESS_NOTE = ("2025-11-02 09:30 日常病程记录\\.br\\患者诉夜间睡眠可，无胸闷、心悸，食纳可，二便正常。\\.br\\"
                 "查体：BP 132/78mmHg，HR 72次/分，双肺呼吸音清，未闻及干湿性啰音，心律齐，双下肢无水肿。\\.br\\"
                 "辅助检查：肌钙蛋白I 0.01ng/mL，NT-proBNP 356pg/mL。\\.br\\"
                 "分析：患者病情平稳，继续当前治疗方案，明日复查心电图。")
WARD_ROUND = ("2025-11-02 10:15 主治医师查房记录：张志强主治医师查房，同意目前诊断及治疗，"
              "嘱继续监测血压，控制在130/80mmHg以下。")

ADMISSION_RECORD = [
    "主诉：咳嗽、咳痰伴发热5天。",
    "现病史：患者周𠮷，男，45岁，5天前受凉后出现咳嗽，咳黄色黏痰，最高体温38.9℃，自服退热药物效果欠佳，"
    "门诊胸部CT示右肺下叶斑片状高密度影，拟“社区获得性肺炎”收入院。",
    "既往史：否认高血压、糖尿病病史，否认药物过敏史。",
    "体格检查：T 38.2℃，P 96次/分，R 20次/分，BP 125/80mmHg。神志清，右下肺可闻及湿性啰音。",
    "初步诊断：社区获得性肺炎（右肺下叶）。",
]

PREOP_SUMMARY = [
    "术前小结：患者赵国强，男，58岁，因“右上腹反复疼痛2年”入院。",
    "术前诊断：胆囊结石伴慢性胆囊炎。",
    "手术指征：反复发作胆绞痛，B超示胆囊多发结石，最大约1.8cm，胆囊壁增厚。",
    "拟施手术：腹腔镜下胆囊切除术；拟施麻醉：全身麻醉。",
    "术前准备：血常规、凝血功能、肝肾功能未见明显异常，已签署手术知情同意书。",
]

OPERATION_NOTE = [
    "手术记录：2025-11-03 08:45至09:50，在全身麻醉下行腹腔镜下胆囊切除术。",
    "术中所见：胆囊大小约8cm×4cm，壁增厚，与周围网膜轻度粘连，胆囊内多发结石，胆总管未见扩张。",
    "手术经过：建立气腹，置入Trocar，解剖胆囊三角，夹闭并离断胆囊管及胆囊动脉，完整切除胆囊，经剑突下切口取出。",
    "术中出血约20mL，未输血，术后安返病房。",
]

CT_CHEST_FINDINGS = [
    "胸廓对称，气管居中。双肺纹理清晰，右肺上叶尖段见一磨玻璃结节，大小约6mm×5mm，边界清楚；余肺野未见明确实变影。",
    "纵隔内未见肿大淋巴结。心影大小、形态未见异常。双侧胸腔未见积液。",
]
CT_CHEST_IMPRESSION = ["1.右肺上叶尖段磨玻璃结节，建议12个月后CT复查；", "2.余胸部CT平扫未见明显异常。"]

CT_HEAD_FINDINGS = ["脑实质内未见异常密度影，灰白质分界清楚。脑室系统大小、形态正常，中线结构居中。",
                    "颅骨骨质未见明显异常。"]
CT_HEAD_IMPRESSION = "头颅CT平扫未见明显异常。"

DR_CHEST = ["双肺纹理增多、增粗，未见明确实变影。心影大小正常，双膈面光整，肋膈角锐利。"]
DR_CHEST_IMPRESSION = "双肺纹理增多，请结合临床。"

ANESTHESIA_RECORD = """麻醉记录单
患者：钱志远  性别：男  年龄：61岁  住院号：TEST900031  科室：普外科  床号：12
术前诊断：胆囊结石伴慢性胆囊炎
拟施手术：腹腔镜下胆囊切除术    ASA分级：II级
麻醉方式：全身麻醉（气管插管）
入室 08:05  麻醉开始 08:20  手术开始 08:45  手术结束 09:50  出室 10:20
麻醉诱导：丙泊酚 120mg，舒芬太尼 20μg，罗库溴铵 50mg，静脉注射
麻醉维持：七氟烷 1.5%-2% 吸入，瑞芬太尼 0.1-0.2μg/(kg·min) 泵注
术中生命体征：BP 110-135/65-80mmHg，HR 62-78次/分，SpO2 98%-100%
输液：乳酸钠林格液 1000mL  出血量：约20mL  尿量：200mL
术毕：患者清醒，拔除气管导管，送麻醉恢复室（PACU）
麻醉医师：李明
"""

ANESTHESIA_CONSENT = """麻醉知情同意书
患者：钱志远  性别：男  年龄：61岁  住院号：TEST900031
拟施手术：腹腔镜下胆囊切除术  拟施麻醉：全身麻醉（气管插管）
麻醉医师已向患者及家属告知：麻醉过程中及麻醉后可能出现以下风险，包括但不限于：
1.麻醉药物过敏、过敏性休克；
2.气管插管困难、牙齿损伤、咽喉疼痛、声音嘶哑；
3.反流误吸、呼吸抑制、术后肺部感染；
4.血压剧烈波动、心律失常、心搏骤停；
5.术后恶心呕吐、苏醒延迟、术中知晓。
医师将严格遵守操作规范，尽力预防上述风险，一旦发生将积极救治。
患者（或授权委托人）已充分理解上述内容，同意接受麻醉。
麻醉医师：李明    日期：2025-11-02
"""

PREOP_VISIT = """麻醉术前访视记录
患者：孟凡英  性别：女  年龄：72岁  住院号：TEST900047  科室：骨科
拟施手术：右侧全髋关节置换术
既往史：高血压病10年，口服氨氯地平控制良好；2型糖尿病5年。
体格检查：BP 138/82mmHg，HR 76次/分，Mallampati分级II级，张口度三横指。
辅助检查：心电图示窦性心律，左心室高电压；空腹血糖7.2mmol/L。
ASA分级：III级
麻醉计划：腰硬联合麻醉，备全身麻醉
麻醉医师：李明
"""


def write(relative, data):
    path = os.path.join(ROOT, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(data)
    assert len(data) < 10 * 1024, f"{relative} is {len(data)} bytes (keep fixtures under 10 KB)"


CHARSETS = {"UNICODE UTF-8": "utf-8", "GBK": "gbk", "GB 18030-2000": "gb18030", None: "utf-8"}
JAVA_CHARSET = {"utf-8": "UTF-8", "gbk": "GBK", "gb18030": "GB18030"}


def write_hl7(relative, segments, msh18, system, signer, document_id, content_kind, pdf=None):
    text = "\r".join(segments) + "\r"
    assert "\n" not in text
    codec = CHARSETS[msh18]
    write(relative, text.encode(codec, errors="strict"))
    if pdf is not None:
        write(relative[:-len(".hl7")] + ".pdf", pdf)
    EXPECTED.append([relative, system, JAVA_CHARSET[codec], signer, document_id, content_kind])


EXPECTED = []


def his():
    li = pid("TEST900001", "李", "秀英", "19580314", "F")
    li_visit = pv1("I", "心内科", "0312", "02", "D0001", "I2025102700017")
    write_hl7("his/mdm-t02_v2.5.1_utf8_discharge-summary.hl7", mdm_t02(
        "2.5.1", "UNICODE UTF-8", "HIS20251103101522000001", "20251103101522", li, li_visit,
        txa("DS", "EMR-DS-20251103-000117", "AU", "20251103101500", primary="D0001", authenticator="D0001"),
        [obx(1, "TX", "18842-5^出院小结^LN", "~".join(DISCHARGE_SUMMARY), timestamp="20251103101500")]),
        "UNICODE UTF-8", "his", "D0001", "EMR-DS-20251103-000117", "text")

    wang = pid("TEST900002", "王", "建华", "19730922", "M")
    wang_visit = pv1("I", "心内科", "0315", "01", "D0001", "I2025103000021")
    write_hl7("his/mdm-t02_v2.4_gbk_progress-note.hl7", mdm_t02(
        "2.4", "GBK", "HIS20251102101830000002", "20251102101830", wang, wang_visit,
        txa("PN", "EMR-PN-20251102-000342", "AU", "20251102101800", primary="D0002", authenticator="D0002"),
        [obx(1, "FT", "11506-3^病程记录^LN", PROGRESS_NOTE, timestamp="20251102093000"),
         obx(2, "TX", "11506-3^病程记录^LN", WARD_ROUND, timestamp="20251102101500")]),
        "GBK", "his", "D0002", "EMR-PN-20251102-000342", "text")

    # 𠮷 (U+20BB7) is not in GBK: only GB18030 (four bytes) can carry this patient's name
    zhou = pid("TEST900003", "周", "𠮷", "19800417", "M")
    zhou_visit = pv1("I", "呼吸内科", "0506", "03", "D0003", "I2025110300008")
    write_hl7("his/mdm-t02_v2.5_gb18030_admission-record.hl7", mdm_t02(
        "2.5", "GB 18030-2000", "HIS20251103153005000003", "20251103153005", zhou, zhou_visit,
        txa("HP", "EMR-HP-20251103-000058", "AU", "20251103152900", primary="D0003", authenticator="D0003"),
        [obx(1, "TX", "34117-2^入院记录^LN", "~".join(ADMISSION_RECORD), timestamp="20251103152900")]),
        "GB 18030-2000", "his", "D0003", "EMR-HP-20251103-000058", "text")

    zhao = pid("TEST900004", "赵", "国强", "19670605", "M")
    zhao_visit = pv1("I", "普外科", "0821", "05", "D0004", "I2025110100033")
    # older HIS interfaces fill only TXA-5 (primary activity provider): the signer comes from the fallback
    write_hl7("his/mdm-t02_v2.3_gbk_preop-summary_fallback-signer.hl7", mdm_t02(
        "2.3", "GBK", "HIS20251102164411000004", "20251102164411", zhao, zhao_visit,
        txa("PS", "EMR-PS-20251102-000219", "AU", "20251102164000", primary="D0004"),
        [obx(1, "TX", "PREOP^术前小结^L", "~".join(PREOP_SUMMARY), timestamp="20251102164000")]),
        "GBK", "his", "D0004", "EMR-PS-20251102-000219", "text")

    pdf = make_pdf("出院小结", [
        "姓名：李秀英  性别：女  年龄：67岁  住院号：TEST900001  科室：心内科",
        "入院日期：2025-10-27  出院日期：2025-11-03  住院天数：7天",
        "出院诊断：冠状动脉粥样硬化性心脏病 不稳定型心绞痛 PCI术后；高血压病3级（很高危）",
        "出院情况：无胸闷、胸痛，生命体征平稳，穿刺处愈合良好。",
        "出院医嘱：阿司匹林肠溶片100mg 每日1次；替格瑞洛片90mg 每日2次；",
        "阿托伐他汀钙片20mg 每晚1次；低盐低脂饮食，1个月后心内科门诊复查。",
        "医师：张志强    日期：2025-11-03",
    ])
    write_hl7("his/mdm-t02_v2.5.1_utf8_discharge-summary_ed-pdf.hl7", mdm_t02(
        "2.5.1", "UNICODE UTF-8", "HIS20251103102210000005", "20251103102210", li, li_visit,
        txa("DS", "EMR-DS-20251103-000118", "AU", "20251103102200", primary="D0002", authenticator="D0002"),
        [obx(1, "ED", "18842-5^出院小结^LN", ed("", "application", "pdf", pdf), timestamp="20251103102200")]),
        "UNICODE UTF-8", "his", "D0002", "EMR-DS-20251103-000118", "ed", pdf)

    # many interfaces stop after MSH-12: the route's configured charset (UTF-8 for his) applies
    write_hl7("his/mdm-t02_v2.4_no-msh18_operation-note.hl7", mdm_t02(
        "2.4", None, "HIS20251103103002000006", "20251103103002", zhao, zhao_visit,
        txa("OP", "EMR-OP-20251103-000076", "AU", "20251103103000", primary="D0004", authenticator="D0004"),
        [obx(1, "TX", "28573-5^手术记录^LN", "~".join(OPERATION_NOTE), timestamp="20251103103000")]),
        None, "his", "D0004", "EMR-OP-20251103-000076", "text")


CBC = [  # code, name, value, units, reference range (adult female, WS/T 405), flag
    ("WBC", "白细胞计数", "6.52", "10*9/L", "3.5-9.5", "N"),
    ("NEUT%", "中性粒细胞百分比", "62.4", "%", "40-75", "N"),
    ("LYMPH%", "淋巴细胞百分比", "28.9", "%", "20-50", "N"),
    ("RBC", "红细胞计数", "3.92", "10*12/L", "3.8-5.1", "N"),
    ("HGB", "血红蛋白", "108", "g/L", "115-150", "L"),
    ("HCT", "红细胞压积", "33.6", "%", "35-45", "L"),
    ("MCV", "平均红细胞体积", "85.7", "fL", "82-100", "N"),
    ("MCH", "平均红细胞血红蛋白含量", "27.6", "pg", "27-34", "N"),
    ("MCHC", "平均红细胞血红蛋白浓度", "321", "g/L", "316-354", "N"),
    ("PLT", "血小板计数", "236", "10*9/L", "125-350", "N"),
]

LIVER = [  # adult male
    ("ALT", "丙氨酸氨基转移酶", "86", "U/L", "9-50", "H"),
    ("AST", "天门冬氨酸氨基转移酶", "52", "U/L", "15-40", "H"),
    ("GGT", "γ-谷氨酰转移酶", "61", "U/L", "10-60", "H"),
    ("TBIL", "总胆红素", "15.2", "μmol/L", "0-21", "N"),
    ("DBIL", "直接胆红素", "4.1", "μmol/L", "0-8", "N"),
    ("TP", "总蛋白", "70.3", "g/L", "65-85", "N"),
    ("ALB", "白蛋白", "42.6", "g/L", "40-55", "N"),
]

URINE = [
    ("SG", "尿比重", "NM", "1.020", "", "1.003-1.030", "N"),
    ("PH", "酸碱度", "NM", "6.0", "", "4.5-8.0", "N"),
    ("PRO", "尿蛋白", "ST", "阴性", "", "阴性", "N"),
    ("GLU", "尿葡萄糖", "ST", "阴性", "", "阴性", "N"),
    ("KET", "酮体", "ST", "阴性", "", "阴性", "N"),
    ("BLD", "隐血", "ST", "1+", "", "阴性", "A"),
    ("LEU", "白细胞酯酶", "ST", "阴性", "", "阴性", "N"),
    ("NIT", "亚硝酸盐", "ST", "阴性", "", "阴性", "N"),
    ("RBC-M", "红细胞（镜检）", "ST", "3-5", "/HP", "0-3", "H"),
]


def lis():
    sun = pid("TEST900011", "孙", "丽华", "19910208", "F")
    sun_visit = pv1("O", "妇科", "", "", "D0001", "O2025110300145")
    placer, filler = "HIS-ORD-20251103-0456", "LIS-20251103-000812"
    write_hl7("lis/oru-r01_v2.5.1_utf8_blood-count.hl7", oru_r01(
        "LIS", "2.5.1", "UNICODE UTF-8", "LIS20251103091530000101", "20251103091530", sun, sun_visit,
        [orc(placer, f"{filler}^LIS", "D0001", "20251103072000"),
         obr(placer, filler, "CBC^血常规^L", "20251103072000", ("HM", "LIS"), "D0001", "D0007", "20251103091500")],
        [obx(i, "NM", f"{code}^{name}^L", value, units, ref, flag, "D0007", "20251103090800")
         for i, (code, name, value, units, ref, flag) in enumerate(CBC, start=1)]),
        "UNICODE UTF-8", "lis", "D0007", filler, "text")

    wang = pid("TEST900002", "王", "建华", "19730922", "M")
    wang_visit = pv1("I", "心内科", "0315", "01", "D0001", "I2025103000021")
    placer, filler = "HIS-ORD-20251102-0311", "LIS-20251102-000577"
    # a common vendor habit: OBR-32 sent as components (id^family^given) instead of subcomponents
    write_hl7("lis/oru-r01_v2.4_gbk_liver-function.hl7", oru_r01(
        "LIS", "2.4", "GBK", "LIS20251102113012000102", "20251102113012", wang, wang_visit,
        [orc(placer, f"{filler}^LIS", "D0001", "20251102063000"),
         obr(placer, filler, "LFT^肝功能^L", "20251102063000", ("CH", "LIS"), "D0001", "D0006", "20251102113000",
             interpreter_field=xcn("D0006"))],
        [obx(i, "NM", f"{code}^{name}^L", value, units, ref, flag, "D0006", "20251102110500")
         for i, (code, name, value, units, ref, flag) in enumerate(LIVER, start=1)]
        + [obx(len(LIVER) + 1, "TX", "COMMENT^检验科备注^L", "转氨酶轻度升高，结果已复核，请结合临床。",
               observer="D0006", timestamp="20251102112800")]),
        "GBK", "lis", "D0006", filler, "text")

    zhao = pid("TEST900004", "赵", "国强", "19670605", "M")
    zhao_visit = pv1("I", "普外科", "0821", "05", "D0004", "I2025110100033")
    placer, filler = "HIS-ORD-20251101-0620", "LIS-20251101-001034"
    # OBR-32 empty: the signer comes from OBX-16 (responsible observer)
    write_hl7("lis/oru-r01_v2.3_gbk_urinalysis_fallback-signer.hl7", oru_r01(
        "LIS", "2.3", "GBK", "LIS20251101150245000103", "20251101150245", zhao, zhao_visit,
        [orc(placer, f"{filler}^LIS", "D0004", "20251101100000"),
         obr(placer, filler, "UA^尿常规^L", "20251101100000", ("UR", "LIS"), "D0004", reported="20251101150200")],
        [obx(i, value_type, f"{code}^{name}^L", value, units, ref, flag, "D0006", "20251101143000")
         for i, (code, name, value_type, value, units, ref, flag) in enumerate(URINE, start=1)]),
        "GBK", "lis", "D0006", filler, "text")

    pdf = make_pdf("检验报告单", [
        "姓名：孙丽华  性别：女  年龄：34岁  病历号：TEST900011  科室：妇科",
        "标本：枸橼酸钠抗凝血浆  检验项目：凝血功能  条码号：LIS-20251103-000813",
        "凝血酶原时间（PT）            11.8   秒      9.4-12.5",
        "国际标准化比值（INR）          1.03           0.8-1.2",
        "活化部分凝血活酶时间（APTT）  29.5   秒      25.1-36.5",
        "纤维蛋白原（FIB）              3.12   g/L     2.0-4.0",
        "凝血酶时间（TT）              16.4   秒      10.3-16.6",
        "检验者：陈静    审核者：陈静    报告时间：2025-11-03 10:02",
    ])
    placer, filler = "HIS-ORD-20251103-0457", "LIS-20251103-000813"
    write_hl7("lis/oru-r01_v2.5_utf8_coagulation_ed-pdf.hl7", oru_r01(
        "LIS", "2.5", "UNICODE UTF-8", "LIS20251103100215000104", "20251103100215", sun, sun_visit,
        [orc(placer, f"{filler}^LIS", "D0001", "20251103072000"),
         obr(placer, filler, "COAG^凝血功能^L", "20251103072000", ("HM", "LIS"), "D0001", "D0007", "20251103100200")],
        [obx(1, "ED", "LAB-RPT^检验报告单^L", ed("LIS", "Application", "PDF", pdf), observer="D0007",
             timestamp="20251103100200")]),
        "UNICODE UTF-8", "lis", "D0007", filler, "ed", pdf)


def pacs():
    findings, impression = "59776-5^影像所见^LN", "19005-8^诊断意见^LN"
    he = pid("TEST900021", "何", "振东", "19640712", "M")
    he_visit = pv1("O", "呼吸内科", "", "", "D0003", "O2025110300266")
    placer, filler = "HIS-ORD-20251103-0712", "RIS-CT-20251103-0033"
    write_hl7("pacs/oru-r01_v2.5.1_utf8_ct-chest.hl7", oru_r01(
        "PACS", "2.5.1", "UNICODE UTF-8", "PACS20251103111840000201", "20251103111840", he, he_visit,
        [orc(placer, f"{filler}^PACS", "D0003", "20251103093000"),
         obr(placer, filler, "CT0101^CT胸部平扫^L", "20251103093000", ("CT", "PACS"), "D0003", "D0009",
             "20251103111800")],
        [obx(1, "TX", findings, "~".join(CT_CHEST_FINDINGS), observer="D0009", timestamp="20251103111800"),
         obx(2, "TX", impression, "~".join(CT_CHEST_IMPRESSION), observer="D0009", timestamp="20251103111800"),
         obx(3, "ST", "113014^Study Instance UID^DCM", "2.25.98614037528114927383219042618034520011")]),
        "UNICODE UTF-8", "pacs", "D0009", filler, "text")

    ma = pid("TEST900022", "马", "桂兰", "19490103", "F")
    ma_visit = pv1("E", "急诊科", "", "", "D0003", "E2025110200051")
    placer, filler = "HIS-ORD-20251102-2231", "RIS-CT-20251102-0187"
    write_hl7("pacs/oru-r01_v2.4_gbk_ct-head.hl7", oru_r01(
        "PACS", "2.4", "GBK", "PACS20251102231502000202", "20251102231502", ma, ma_visit,
        [orc(placer, f"{filler}^PACS", "D0003", "20251102224500"),
         obr(placer, filler, "CT0001^CT头颅平扫^L", "20251102224500", ("CT", "PACS"), "D0003", "D0010",
             "20251102231500")],
        [obx(1, "TX", findings, "~".join(CT_HEAD_FINDINGS), observer="D0010", timestamp="20251102231500"),
         obx(2, "TX", impression, CT_HEAD_IMPRESSION, observer="D0010", timestamp="20251102231500")]),
        "GBK", "pacs", "D0010", filler, "text")

    placer, filler = "HIS-ORD-20251101-0118", "RIS-DR-20251101-0402"
    he_inpatient = pv1("I", "呼吸内科", "0508", "01", "D0003", "I2025110100012")
    # OBR-32 empty: the signer comes from OBX-16 (responsible observer)
    write_hl7("pacs/oru-r01_v2.3_utf8_dr-chest_fallback-signer.hl7", oru_r01(
        "PACS", "2.3", "UNICODE UTF-8", "PACS20251101101733000203", "20251101101733", he, he_inpatient,
        [orc(placer, f"{filler}^PACS", "D0003", "20251101090000"),
         obr(placer, filler, "DR0102^DR胸部正位^L", "20251101090000", ("RX", "PACS"), "D0003",
             reported="20251101101700")],
        [obx(1, "TX", findings, "~".join(DR_CHEST), observer="D0009", timestamp="20251101101700"),
         obx(2, "TX", impression, DR_CHEST_IMPRESSION, observer="D0009", timestamp="20251101101700")]),
        "UNICODE UTF-8", "pacs", "D0009", filler, "text")

    pdf = make_pdf("CT检查报告", [
        "姓名：何振东  性别：男  年龄：61岁  门诊号：TEST900021  科室：呼吸内科",
        "检查项目：CT胸部平扫  检查时间：2025-11-03 09:30  检查号：RIS-CT-20251103-0034",
        "影像所见：右肺上叶尖段磨玻璃结节，大小约6mm×5mm，边界清楚；",
        "纵隔内未见肿大淋巴结，双侧胸腔未见积液。",
        "诊断意见：右肺上叶尖段磨玻璃结节，建议12个月后CT复查。",
        "报告医师：吴婷    审核医师：周海涛    报告时间：2025-11-03 11:25",
    ])
    placer = "HIS-ORD-20251103-0713"
    # no filler order number yet (OBR-3 empty): the document id comes from OBR-2 (placer order number)
    write_hl7("pacs/oru-r01_v2.5_gbk_ct-chest_ed-pdf_placer-id.hl7", oru_r01(
        "PACS", "2.5", "GBK", "PACS20251103112530000204", "20251103112530", he, he_visit,
        [orc(placer, "", "D0003", "20251103093000"),
         obr(placer, None, "CT0101^CT胸部平扫^L", "20251103093000", ("CT", "PACS"), "D0003", "D0010",
             "20251103112500")],
        [obx(1, "ED", "PACS-RPT^影像报告^L", ed("PACS", "application", "pdf", pdf), observer="D0010",
             timestamp="20251103112500")]),
        "GBK", "pacs", "D0010", placer, "ed", pdf)


# --------------------------------------------------------------------------------------------------------------
# anesthesia (手麻): intermediate table rows; physical exam (体检): FHIR R4
# --------------------------------------------------------------------------------------------------------------

def anesthesia():
    pdf = make_pdf("麻醉记录单", [
        "患者：孟凡英  性别：女  年龄：72岁  住院号：TEST900047  科室：骨科",
        "手术：右侧全髋关节置换术  ASA分级：III级",
        "麻醉方式：腰硬联合麻醉  穿刺间隙：L3-4  局麻药：0.5%罗哌卡因 2.5mL",
        "入室 08:10  麻醉开始 08:25  手术开始 08:50  手术结束 10:35  出室 11:00",
        "术中生命体征：BP 118-142/62-78mmHg，HR 64-80次/分，SpO2 97%-100%",
        "输液：乳酸钠林格液 1000mL，羟乙基淀粉 500mL  出血量：约300mL  尿量：350mL",
        "麻醉医师：李明",
    ])
    write("anesthesia/anesthesia-record_ANES-REC-20251104-0012.pdf", pdf)
    rows = [
        (1, "D0008", "ANES-REC-20251103-0007", "ANES_RECORD", ANESTHESIA_RECORD.encode("utf-8")),
        (2, "D0008", "ANES-CON-20251102-0007", "ANES_CONSENT", ANESTHESIA_CONSENT.encode("utf-8")),
        (3, "D0008", "ANES-PRE-20251103-0012", "ANES_PREOP_VISIT", PREOP_VISIT.encode("utf-8")),
        (4, "D0008", "ANES-REC-20251104-0012", "ANES_RECORD", pdf),
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "signer", "document_id", "document_type", "content_base64"])
    for row_id, signer, document_id, document_type, content in rows:
        writer.writerow([row_id, signer, document_id, document_type, base64.b64encode(content).decode("ascii")])
    write("anesthesia/sign_queue-rows.csv", out.getvalue().encode("utf-8"))


STAFF_SYSTEM = "http://demohospital.example/fhir/sid/staff-code"
DOCUMENT_TYPES = "http://demohospital.example/fhir/CodeSystem/document-type"


def practitioner(code, resource_id=None):
    family, given, _ = STAFF[code]
    resource = {"resourceType": "Practitioner"}
    if resource_id:
        resource["id"] = resource_id
    resource["identifier"] = [{"system": STAFF_SYSTEM, "value": code}]
    resource["name"] = [{"text": family + given, "family": family, "given": [given]}]
    return resource


def patient(resource_id, number, family, given, gender, birth_date):
    resource = {"resourceType": "Patient"}
    if resource_id:
        resource["id"] = resource_id
    resource["identifier"] = [{"system": "http://demohospital.example/fhir/sid/pe-number", "value": number}]
    resource["name"] = [{"text": family + given, "family": family, "given": [given]}]
    resource["gender"] = gender
    resource["birthDate"] = birth_date
    return resource


def physical_exam():
    pdf = make_pdf("健康体检报告", [
        "姓名：郑晓燕  性别：女  年龄：39岁  体检号：TESTPE900101  体检日期：2025-10-30",
        "一般检查：身高162cm，体重63kg，BMI 24.0，血压128/84mmHg",
        "血常规：未见异常    肝功能：丙氨酸氨基转移酶 45 U/L（参考 7-40）↑",
        "血脂：总胆固醇 5.86 mmol/L（参考 <5.2）↑，低密度脂蛋白胆固醇 3.72 mmol/L ↑",
        "腹部超声：脂肪肝（轻度）    胸部DR：心肺膈未见明显异常",
        "总检结论：1.轻度脂肪肝；2.血脂异常；3.超重。",
        "建议：低脂饮食，适量运动，3个月后复查肝功能及血脂。",
        "主检医师：孙丽    报告日期：2025-11-03",
    ])
    write("physical-exam/health-checkup-report_PE-RPT-20251103-000789.pdf", pdf)
    document_reference = {
        "resourceType": "DocumentReference",
        "contained": [
            practitioner("D0005", "author"),
            patient("patient", "TESTPE900101", "郑", "晓燕", "female", "1986-05-21"),
        ],
        "identifier": [{"system": "http://demohospital.example/fhir/sid/pe-report", "value": "PE-RPT-20251103-000789"}],
        "status": "current",
        "docStatus": "final",
        "type": {"coding": [{"system": DOCUMENT_TYPES, "code": "PE_REPORT", "display": "健康体检报告"}],
                 "text": "健康体检报告"},
        "subject": {"reference": "#patient", "display": "郑晓燕"},
        "date": "2025-11-03T16:20:00+08:00",
        "author": [{"reference": "#author", "display": "孙丽"}],
        "custodian": {"display": "体检中心"},
        "description": "健康体检报告（2025-10-30）",
        "content": [{"attachment": {
            "contentType": "application/pdf",
            "language": "zh-CN",
            "data": base64.b64encode(pdf).decode("ascii"),
            "size": len(pdf),
            "hash": base64.b64encode(hashlib.sha1(pdf).digest()).decode("ascii"),
            "title": "健康体检报告",
            "creation": "2025-11-03T16:18:00+08:00",
        }}],
        "context": {"practiceSetting": {"text": "体检中心"}},
    }
    write("physical-exam/documentreference_health-checkup-report.json",
          (json.dumps(document_reference, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))

    composition_url = "urn:uuid:6f1c9d2e-7b3a-4c55-9e0a-2d41f8b6c301"
    practitioner_url = "urn:uuid:6f1c9d2e-7b3a-4c55-9e0a-2d41f8b6c302"
    patient_url = "urn:uuid:6f1c9d2e-7b3a-4c55-9e0a-2d41f8b6c303"

    def section(title, code, paragraphs):
        div = "".join(f"<p>{p}</p>" for p in paragraphs)
        return {"title": title, "code": {"text": code},
                "text": {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{div}</div>'}}

    bundle = {
        "resourceType": "Bundle",
        "identifier": {"system": "http://demohospital.example/fhir/sid/pe-summary", "value": "PE-SUM-20251103-000790"},
        "type": "document",
        "timestamp": "2025-11-03T16:30:00+08:00",
        "entry": [
            {"fullUrl": composition_url, "resource": {
                "resourceType": "Composition",
                "status": "final",
                "type": {"coding": [{"system": DOCUMENT_TYPES, "code": "PE_SUMMARY", "display": "健康体检总检报告"}],
                         "text": "健康体检总检报告"},
                "subject": {"reference": patient_url, "display": "郑晓燕"},
                "date": "2025-11-03T16:28:00+08:00",
                "author": [{"reference": practitioner_url, "display": "孙丽"}],
                "title": "健康体检总检报告",
                "confidentiality": "N",
                "custodian": {"display": "体检中心"},
                "section": [
                    section("主要异常结果", "abnormal-findings", [
                        "丙氨酸氨基转移酶 45 U/L（参考范围 7-40 U/L），偏高。",
                        "总胆固醇 5.86 mmol/L（参考范围 &lt;5.2 mmol/L），偏高；低密度脂蛋白胆固醇 3.72 mmol/L，偏高。",
                        "腹部超声：肝脏实质回声增强，提示轻度脂肪肝。"]),
                    section("总检结论", "conclusion", ["1.轻度脂肪肝；2.血脂异常；3.超重（BMI 24.0）。"]),
                    section("健康建议", "advice", [
                        "低脂低糖饮食，每周至少150分钟中等强度有氧运动，控制体重。",
                        "3个月后复查肝功能及血脂，必要时至消化内科或心内科门诊就诊。"]),
                ],
            }},
            {"fullUrl": practitioner_url, "resource": practitioner("D0005")},
            {"fullUrl": patient_url, "resource": patient(None, "TESTPE900101", "郑", "晓燕", "female", "1986-05-21")},
        ],
    }
    write("physical-exam/bundle-document_health-checkup-summary.json",
          (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def main():
    his()
    lis()
    pacs()
    anesthesia()
    physical_exam()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "system", "charset", "signer", "document_id", "content_kind"])
    writer.writerows(EXPECTED)
    write("expected.csv", out.getvalue().encode("utf-8"))


if __name__ == "__main__":
    main()
