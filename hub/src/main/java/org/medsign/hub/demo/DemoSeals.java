package org.medsign.hub.demo;

import java.util.List;

import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.medsign.hub.seal.NewSeal;
import org.medsign.hub.seal.SealKind;
import org.medsign.hub.seal.SealRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo hospital's seals, created at start-up when absent (after {@link DemoData}): the hospital seal (院章, a red
 * 40 mm circle with a star and 示范医院), its 检验检查专用章 (SPECIAL, 40 mm) and each demo staff member's personal
 * signature image (30 × 10 mm), all drawn by {@link SealDrawings} as transparent PNGs.
 */
@Component
@Order(11)
public class DemoSeals {

    private static final Logger log = LoggerFactory.getLogger(DemoSeals.class);
    /** The demo hospital, owner unit of its organisation seals. */
    public static final String HOSPITAL = "示范医院";
    /** The special type of the demo special seal. */
    public static final String LAB_SPECIAL_TYPE = "检验检查专用章";
    private static final String ACTOR = SealRegistry.DEMO_ACTOR;

    public DemoSeals(DemoProperties demo, DemoData demoData, SealRegistry seals, StaffRepository staff) {
        if (!demo.enabled() || !demo.seals()) {
            return;
        }
        int created = 0;
        if (!seals.exists(SealKind.HOSPITAL, null, HOSPITAL, null)) {
            seals.create(new NewSeal(HOSPITAL + "院章", "HOSPITAL", null, null, HOSPITAL,
                    SealDrawings.roundSeal(40, HOSPITAL, "院章"), 40.0, 40.0, "CIRCLE", "RED", null, List.of()), ACTOR);
            created++;
        }
        if (!seals.exists(SealKind.SPECIAL, null, HOSPITAL, LAB_SPECIAL_TYPE)) {
            seals.create(new NewSeal(HOSPITAL + LAB_SPECIAL_TYPE, "SPECIAL", LAB_SPECIAL_TYPE, null, HOSPITAL,
                    SealDrawings.roundSeal(40, HOSPITAL, LAB_SPECIAL_TYPE), 40.0, 40.0, "CIRCLE", "RED", null,
                    List.of()), ACTOR);
            created++;
        }
        for (int i = 1; i <= 10; i++) {
            String staffId = String.format("D%04d", i);
            var holder = staff.holder(staffId);
            if (holder.isEmpty() || seals.exists(SealKind.PERSONAL, staffId, null, null)) {
                continue;
            }
            seals.create(new NewSeal(holder.get().name() + "签名", "PERSONAL", null, staffId, null,
                    SealDrawings.signature(holder.get().name(), 30, 10), 30.0, 10.0, "RECTANGLE", "BLACK", null,
                    List.of()), ACTOR);
            created++;
        }
        if (created > 0) {
            log.info("Created {} demo seals (院章, {}, personal signatures of D0001…D0010)", created, LAB_SPECIAL_TYPE);
        }
    }
}
