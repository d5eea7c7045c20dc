package io.dubleads.it.server;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/** Jetty 12 with the ee11 environment (Servlet 6.1). */
public final class JettyEe11Launcher extends ContainerLauncher {
    private Server server;
    private ServerConnector connector;
    private ContextHandlerCollection contexts;
    private final Map<String, WebAppContext> deployed = new HashMap<>();

    public static void main(String[] args) throws Exception {
        new JettyEe11Launcher().run();
    }

    @Override
    protected int start() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        server.start();
        return connector.getLocalPort();
    }

    @Override
    protected String deploy(String contextPath, String webappDir) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(contextPath);
        webapp.setWar(webappDir);
        webapp.setThrowUnavailableOnStartupException(true); // a filter init failure fails the deploy
        contexts.addHandler(webapp);
        try {
            webapp.start();
        } catch (Exception e) {
            e.printStackTrace();
            stopQuietly(webapp);
            contexts.removeHandler(webapp);
            return oneLine(e);
        }
        if (webapp.getUnavailableException() != null || !webapp.isAvailable()) {
            Throwable cause = webapp.getUnavailableException();
            stopQuietly(webapp);
            contexts.removeHandler(webapp);
            return cause == null ? "webapp " + contextPath + " unavailable" : oneLine(cause);
        }
        deployed.put(contextPath, webapp);
        deployed(contextPath, webapp.getClassLoader());
        return null;
    }

    @Override
    protected void undeploy(String contextPath) throws Exception {
        WebAppContext webapp = deployed.remove(contextPath);
        if (webapp == null) return;
        webapp.stop();
        contexts.removeHandler(webapp);
        webapp.destroy();
    }

    private static void stopQuietly(WebAppContext webapp) {
        try {
            webapp.stop();
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    @Override
    protected void stop() throws Exception {
        server.stop();
    }
}
