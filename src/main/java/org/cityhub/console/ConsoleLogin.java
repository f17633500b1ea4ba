package org.cityhub.console;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The console's sign-in page ({@code /login}; Spring Security's form login checks the form it posts) and the
 * signed-in person's name on every console page.
 */
@Controller
class ConsoleLogin {

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout, Model model,
                 HttpServletRequest request) {
        model.addAttribute("failed", error != null);
        model.addAttribute("loggedOut", logout != null);
        model.addAttribute("langZh", ConsolePages.withLanguage(request, "zh"));
        model.addAttribute("langEn", ConsolePages.withLanguage(request, "en"));
        return "console/login";
    }

    /** Adds {@code user}, the signed-in client's name, to the model of every console page. */
    @ControllerAdvice(basePackageClasses = ConsoleLogin.class)
    static class SignedIn {
        @ModelAttribute("user")
        String user(Principal principal) {
            return principal == null ? null : principal.getName();
        }
    }
}
