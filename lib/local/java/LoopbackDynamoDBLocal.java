/*
 * Starts DynamoDB Local listening on 127.0.0.1 only. Its command line has no option for the
 * address and it binds every interface, so anyone on the network could Scan the local stack's
 * API keys. This builds the server the way DynamoDB Local's own main does, sets the host of its
 * Jetty connectors, then starts it. Reflection keeps it free of compile-time dependencies.
 *
 * Rebuild after editing (the .class beside it is what runs; any JDK 17+):
 *   javac --release 17 lib/local/java/LoopbackDynamoDBLocal.java
 */
import java.lang.reflect.Field;
import java.net.BindException;

public final class LoopbackDynamoDBLocal {
  private static final String RUNNER = "software.amazon.dynamodb.services.local.main.ServerRunner";

  public static void main(String[] args) throws Exception {
    String host = System.getProperty("frameshot.host", "127.0.0.1");
    Object server =
        Class.forName(RUNNER).getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
    Field jettyField = server.getClass().getDeclaredField("server");
    jettyField.setAccessible(true);
    Object jetty = jettyField.get(server);
    Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local built no connector");
    for (Object connector : connectors) {
      connector.getClass().getMethod("setHost", String.class).invoke(connector, host);
    }
    // A failed start leaves Jetty's non-daemon threads behind, and the JVM would live on serving
    // nothing: exit instead, 3 when the port was taken (the parent then tries another), else 1.
    try {
      server.getClass().getMethod("start").invoke(server);
    } catch (Throwable e) {
      fail(e);
    }
    if (!(Boolean) jetty.getClass().getMethod("isStarted").invoke(jetty)) fail(new BindException("not started"));
    System.out.println("DynamoDB Local listening on " + host);
  }

  private static void fail(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        System.err.println("DynamoDB Local could not listen: the port is taken (" + t.getMessage() + ")");
        System.exit(3);
      }
    }
    e.printStackTrace();
    System.exit(1);
  }
}
