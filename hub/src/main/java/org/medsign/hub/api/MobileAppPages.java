package org.medsign.hub.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The mobile app (H5) is the static page {@code /m/index.html} with its script and styles; {@code /m/} (the web app
 * manifest's start URL) shows it and {@code /m} leads there.
 */
@Configuration
public class MobileAppPages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/m", "/m/");
        registry.addViewController("/m/").setViewName("forward:/m/index.html");
    }
}
