package org.medsign.hub.seal;

import java.util.List;
import java.util.Optional;

/**
 * The professional title ladders (职称序列) a post belongs to, lowest first, so that a permission can say "主治医师 and
 * above": a post satisfies a grade when both are on the same ladder and the post is at least as high. A post on no
 * ladder (an administrative post, a typo) satisfies no grade; it can still be named exactly.
 */
public final class PostGrades {

    /** The ladders: physicians, nurses, technicians, pharmacists. */
    static final List<List<String>> LADDERS = List.of(
            List.of("住院医师", "主治医师", "副主任医师", "主任医师"),
            List.of("护士", "护师", "主管护师", "副主任护师", "主任护师"),
            List.of("技士", "技师", "主管技师", "副主任技师", "主任技师"),
            List.of("药士", "药师", "主管药师", "副主任药师", "主任药师"));

    /** A post's place: which ladder, how high (0 = lowest). */
    record Grade(int ladder, int level) {
    }

    private PostGrades() {
    }

    /** The grade of a post, or empty when it is on no ladder. */
    static Optional<Grade> of(String post) {
        if (post == null) {
            return Optional.empty();
        }
        String trimmed = post.trim();
        for (int ladder = 0; ladder < LADDERS.size(); ladder++) {
            int level = LADDERS.get(ladder).indexOf(trimmed);
            if (level >= 0) {
                return Optional.of(new Grade(ladder, level));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code post} is {@code minPost} or above it on the same ladder. */
    public static boolean atLeast(String post, String minPost) {
        Optional<Grade> have = of(post);
        Optional<Grade> need = of(minPost);
        return have.isPresent() && need.isPresent() && have.get().ladder() == need.get().ladder()
                && have.get().level() >= need.get().level();
    }

    /** Whether {@code post} is on a ladder (so that it can be a grade threshold). */
    public static boolean known(String post) {
        return of(post).isPresent();
    }

    /** Every post of every ladder, lowest first per ladder (for the console's choices). */
    public static List<String> all() {
        return LADDERS.stream().flatMap(List::stream).toList();
    }
}
