package io.dubleads.it.app;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * One servlet per way a response can commit. Each sets the lead attribute (the {@code id} query
 * parameter, as a String) and then commits its own way. Mapped under {@code /commit/*} by the
 * test webapp's generated web.xml.
 */
public final class CommitServlets {
    private CommitServlets() {}

    static void markSignup(HttpServletRequest req) {
        req.setAttribute(LeadValues.ATTRIBUTE, LeadValues.from(req));
    }

    public static class Redirect extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            markSignup(req);
            resp.sendRedirect(req.getContextPath() + "/welcome");
        }
    }

    /**
     * Servlet 6.1's overloads, called through reflection so that the app compiles against 6.0:
     * {@code args} = {@code status}, {@code clear} or both. 501 when the container lacks them.
     */
    abstract static class Redirect61 extends HttpServlet {
        abstract Class<?>[] types();

        abstract Object[] args(String location);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            Method m;
            try {
                m = HttpServletResponse.class.getMethod("sendRedirect", types());
            } catch (NoSuchMethodException e) {
                resp.sendError(501, "no Servlet 6.1 sendRedirect overload");
                return;
            }
            markSignup(req);
            try {
                m.invoke(resp, args(req.getContextPath() + "/welcome"));
            } catch (IllegalAccessException e) {
                throw new ServletException(e);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IOException) throw (IOException) e.getCause();
                throw new ServletException(e.getCause());
            }
        }
    }

    public static class RedirectWithStatus extends Redirect61 {
        @Override Class<?>[] types() { return new Class<?>[] {String.class, int.class}; }
        @Override Object[] args(String location) { return new Object[] {location, 303}; }
    }

    public static class RedirectClearBuffer extends Redirect61 {
        @Override Class<?>[] types() { return new Class<?>[] {String.class, boolean.class}; }
        @Override Object[] args(String location) { return new Object[] {location, true}; }
    }

    public static class RedirectWithStatusClearBuffer extends Redirect61 {
        @Override Class<?>[] types() { return new Class<?>[] {String.class, int.class, boolean.class}; }
        @Override Object[] args(String location) { return new Object[] {location, 307, false}; }
    }

    public static class SendError extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            markSignup(req);
            resp.sendError(409);
        }
    }

    public static class SendErrorWithMessage extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            markSignup(req);
            resp.sendError(409, "already signed up");
        }
    }

    public static class FlushBuffer extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            markSignup(req);
            resp.getWriter().print("flushed ");
            resp.flushBuffer();
            resp.getWriter().print("then more");
        }
    }

    public static class WriterFlush extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            markSignup(req);
            PrintWriter w = resp.getWriter();
            w.printf("%s", "writer flushed");
            w.flush();
        }
    }

    public static class WriterClose extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            markSignup(req);
            PrintWriter w = resp.getWriter();
            w.print("writer closed");
            w.close();
        }
    }

    public static class StreamFlush extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            markSignup(req);
            ServletOutputStream out = resp.getOutputStream();
            out.write("stream flushed".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    public static class StreamClose extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            markSignup(req);
            ServletOutputStream out = resp.getOutputStream();
            out.write("stream closed".getBytes(StandardCharsets.UTF_8));
            out.close();
        }
    }

    /** 256 KB through the writer, no flush: the full buffer commits the response. */
    public static class LargeBody extends HttpServlet {
        static final int SIZE = 256 * 1024;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            markSignup(req);
            resp.setContentType("text/plain");
            PrintWriter w = resp.getWriter();
            char[] chunk = new char[1024];
            java.util.Arrays.fill(chunk, 'x');
            for (int i = 0; i < SIZE / chunk.length; i++) w.write(chunk);
        }
    }

    /** Sets the lead, then forwards to {@link ForwardTarget}, which writes. */
    public static class Forward extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            markSignup(req);
            req.getRequestDispatcher("/forward-target").forward(req, resp);
        }
    }

    /** Forwards at once; {@link ForwardTarget} sets the lead ({@code setInTarget=1}). */
    public static class ForwardThenSet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            req.setAttribute("setInTarget", Boolean.TRUE);
            req.getRequestDispatcher("/forward-target").forward(req, resp);
        }
    }

    public static class ForwardTarget extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getAttribute("setInTarget") != null) markSignup(req);
            resp.setContentType("text/plain");
            PrintWriter w = resp.getWriter();
            w.print("forwarded");
            w.flush();
        }
    }

    /** sendError(500): the webapp's {@code <error-page>} for 500 renders ({@link ErrorPage}). */
    public static class ErrorPageCommit extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            markSignup(req);
            resp.sendError(500);
        }
    }

    public static class ErrorPage extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            Object e = req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            resp.getWriter().print("error page rendered" + (e == null ? "" : ": " + e));
        }
    }

    /** startAsync; on another thread: set the lead, write, complete. */
    public static class Async extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext ac = req.startAsync();
            Object value = LeadValues.from(req);
            Thread t = new Thread(() -> {
                try {
                    ac.getRequest().setAttribute(LeadValues.ATTRIBUTE, value);
                    ac.getResponse().setContentType("text/plain");
                    ac.getResponse().getWriter().print("async done");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    ac.complete();
                }
            }, "it-app-async");
            t.start();
        }
    }

    /** Sets the lead and a header, writes, then reset(): only what follows the reset is sent. */
    public static class Reset extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            markSignup(req);
            resp.setHeader("X-Before-Reset", "1");
            resp.getWriter().print("before reset");
            resp.reset();
            resp.setContentType("text/plain");
            resp.getWriter().print("after reset");
        }
    }

    /** Commits first, sets the lead after. */
    public static class AfterCommit extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().print("committed ");
            resp.flushBuffer();
            markSignup(req);
            resp.getWriter().print("then marked");
        }
    }

    /** Sets the lead on the innermost request, bypassing every wrapper; writes without committing. */
    public static class Unwrapped extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ServletRequest original = req;
            while (original instanceof ServletRequestWrapper) original = ((ServletRequestWrapper) original).getRequest();
            resp.setHeader("X-Unwrapped", String.valueOf(original != req));
            original.setAttribute(LeadValues.ATTRIBUTE, LeadValues.from(req));
            resp.setContentType("text/plain");
            resp.getWriter().print("unwrapped");
        }
    }

    /** Sets the lead, then throws. */
    public static class Throws extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException {
            markSignup(req);
            throw new ServletException("the application failed after the signup");
        }
    }

    public static class Welcome extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().print("welcome");
        }
    }
}
