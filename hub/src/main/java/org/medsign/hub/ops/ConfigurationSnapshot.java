package org.medsign.hub.ops;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The effective {@code medsign.*} and {@code spring.*} settings of a running hub as {@code name=value} lines, with
 * secrets redacted: every setting whose name says password, secret, key, token, credential, passphrase or PIN, the
 * user-info and password parameters of URLs, and any value containing a known secret (the files of the data
 * directory's {@code secrets/}, the bootstrap and administrator passwords).
 */
public final class ConfigurationSnapshot {

    /** What replaces a redacted value. */
    public static final String REDACTED = "[REDACTED]";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "password|passwd|secret|key|token|credential|passphrase|(^|[.\\-_])pin($|[.\\-_])");
    private static final Pattern URL_USER_INFO = Pattern.compile("(://)[^/@\\s]+@");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|pwd|secret|token)=)[^&;\\s]*");

    private ConfigurationSnapshot() {
    }

    /** The settings, sorted by name, and how many were redacted. */
    public record Snapshot(Map<String, String> settings, int redacted) {

        /** As a properties-style text. */
        public String text() {
            StringBuilder out = new StringBuilder();
            settings.forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
            return out.toString();
        }
    }

    /** The snapshot of {@code environment}; {@code knownSecrets} are redacted wherever they appear in a value. */
    public static Snapshot of(ConfigurableEnvironment environment, Collection<String> knownSecrets) {
        Map<String, String> settings = new TreeMap<>();
        int redacted = 0;
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                if (!(name.startsWith("medsign.") || name.startsWith("spring.")) || settings.containsKey(name)) {
                    continue;
                }
                String value;
                try {
                    value = environment.getProperty(name);
                } catch (RuntimeException e) {
                    value = "<unresolvable>";
                }
                String safe = redact(name, value, knownSecrets);
                if (safe != null && !safe.equals(value)) {
                    redacted++;
                }
                settings.put(name, safe == null ? "" : safe.replace("\n", "\\n").replace("\r", "\\r"));
            }
        }
        return new Snapshot(settings, redacted);
    }

    /** Whether a setting of this name holds a secret. */
    public static boolean secretName(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
    }

    /** The value as the snapshot shows it. */
    static String redact(String name, String value, Collection<String> knownSecrets) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (secretName(name)) {
            return REDACTED;
        }
        String safe = URL_USER_INFO.matcher(value).replaceAll("$1" + REDACTED + "@");
        safe = URL_PASSWORD.matcher(safe).replaceAll("$1" + REDACTED);
        return scrub(safe, knownSecrets);
    }

    /** {@code text} with every known secret (six characters or more) replaced. */
    public static String scrub(String text, Collection<String> knownSecrets) {
        String safe = text;
        for (String secret : knownSecrets) {
            if (secret != null && secret.length() >= 6 && safe.contains(secret)) {
                safe = safe.replace(secret, REDACTED);
            }
        }
        return safe;
    }
}
