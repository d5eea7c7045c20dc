package io.dubleads.sample;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/** Creates the application's {@link UserStore} when the webapp starts. */
public final class SampleAppListener implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().setAttribute(UserStore.CONTEXT_ATTRIBUTE, new UserStore());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(UserStore.CONTEXT_ATTRIBUTE);
    }
}
