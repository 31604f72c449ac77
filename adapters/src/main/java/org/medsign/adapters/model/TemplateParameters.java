package org.medsign.adapters.model;

import org.apache.camel.RouteTemplateContext;

/**
 * Template parameters as a template bean needs them: with property placeholders in the value resolved (a route file
 * may write {@code {{medsign.home}}} or {@code {{env:ANES_DB_PASSWORD}}} inside a parameter), and converted.
 */
public final class TemplateParameters {

    private TemplateParameters() {
    }

    /** The parameter's text, placeholders resolved; "" when absent. */
    public static String text(RouteTemplateContext rtc, String name) {
        String value = rtc.getProperty(name, String.class);
        if (value == null) {
            return "";
        }
        return value.contains("{{") ? rtc.getCamelContext().resolvePropertyPlaceholders(value) : value;
    }

    public static int integer(RouteTemplateContext rtc, String name) {
        String value = text(rtc, name).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("template parameter " + name + " must be a whole number, not '"
                    + value + "'");
        }
    }

    public static boolean bool(RouteTemplateContext rtc, String name) {
        String value = text(rtc, name).trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("template parameter " + name + " must be true or false, not '"
                    + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
