package org.cityhub.console;

import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's language: Chinese unless the operator chose English. {@code ?lang=en} (or {@code ?lang=zh})
 * switches and is remembered in a cookie, so that links between pages keep the language. The browser's
 * Accept-Language is deliberately ignored: ops rooms share machines set up in any language.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleLocale implements WebMvcConfigurer {

    static final String PARAMETER = "lang";
    static final String COOKIE = "cityhub-lang";

    /** Only the two languages the console has labels for; anything else is Chinese. */
    static Locale of(String tag) {
        return tag != null && tag.strip().toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }

    @Bean(DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
    LocaleResolver localeResolver() {
        return new LocaleResolver() {
            @Override
            public Locale resolveLocale(HttpServletRequest request) {
                String chosen = request.getParameter(PARAMETER);
                if (chosen == null && request.getCookies() != null) {
                    for (Cookie c : request.getCookies()) {
                        if (COOKIE.equals(c.getName())) {
                            chosen = c.getValue();
                        }
                    }
                }
                return of(chosen);
            }

            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                Cookie c = new Cookie(COOKIE, locale == null ? "zh" : locale.getLanguage());
                c.setPath("/");
                c.setHttpOnly(true);
                response.addCookie(c);
            }
        };
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String chosen = request.getParameter(PARAMETER);
                if (chosen != null) {
                    localeResolver().setLocale(request, response, of(chosen));
                }
                return true;
            }
        }).addPathPatterns("/console", "/console/**");
    }
}
