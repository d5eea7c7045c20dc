package io.dubleads.it.server;

import java.io.File;
import java.nio.file.Files;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Tomcat 9, 10.1 and 11 (same {@code org.apache.catalina.startup.Tomcat} API): compiled against
 * Tomcat 11, and touches no servlet API class so that it runs on Tomcat 9's javax too.
 */
public final class TomcatLauncher extends ContainerLauncher {
    private Tomcat tomcat;
    private Connector connector;

    public static void main(String[] args) throws Exception {
        new TomcatLauncher().run();
    }

    @Override
    protected int start() throws Exception {
        File base = Files.createTempDirectory("tomcat-base").toFile();
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        tomcat.setAddDefaultWebXmlToWebapp(false); // no Jasper on the class path: only the app's own web.xml
        tomcat.start();
        return connector.getLocalPort();
    }

    @Override
    protected String deploy(String contextPath, String webappDir) {
        int mark = severeMark();
        Context context = tomcat.addWebapp(contextPath, webappDir);
        if (context.getState() == LifecycleState.STARTED) {
            deployed(contextPath, context.getLoader().getClassLoader());
            return null;
        }
        // a filter whose init() throws: Tomcat logs it, marks the context FAILED and stops it
        String state = context.getState().name();
        tomcat.getHost().removeChild(context);
        return "context " + contextPath + " did not start (state " + state + "): " + severeSince(mark);
    }

    @Override
    protected void undeploy(String contextPath) {
        Container context = tomcat.getHost().findChild(contextPath);
        if (context != null) tomcat.getHost().removeChild(context);
    }

    @Override
    protected void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
