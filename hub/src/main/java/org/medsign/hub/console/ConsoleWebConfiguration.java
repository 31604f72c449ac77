package org.medsign.hub.console;

import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The console's language: Simplified Chinese unless the operator chose English with {@code ?lang=en} (or back with
 * {@code ?lang=zh}); the choice is kept in a cookie for a year. The browser's Accept-Language is not consulted: the
 * hospital's default is Chinese whatever the workstation says.
 */
@Configuration
public class ConsoleWebConfiguration implements WebMvcConfigurer {

    /** Cookie that keeps the chosen language. */
    public static final String LANGUAGE_COOKIE = "MEDSIGN_CONSOLE_LANG";

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver(LANGUAGE_COOKIE);
        resolver.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookiePath("/console");
        resolver.setCookieHttpOnly(true);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        HandlerInterceptor language = new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String lang = request.getParameter("lang");
                if (lang != null) {
                    // only the console's two languages; anything else means Chinese
                    Locale locale = lang.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH
                            : Locale.SIMPLIFIED_CHINESE;
                    RequestContextUtils.getLocaleResolver(request).setLocale(request, response, locale);
                }
                return true;
            }
        };
        registry.addInterceptor(language).addPathPatterns("/console", "/console/**");
    }
}
