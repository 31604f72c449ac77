package org.medsign.hub.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The patient tablet's page: {@code /m/tablet} shows the static {@code /m/tablet.html} (with {@code tablet.js} and
 * {@code tablet.css}), public under the same {@code /m/**} filter chain and CSP as the app.
 */
@Configuration
public class TabletPages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/m/tablet").setViewName("forward:/m/tablet.html");
    }
}
