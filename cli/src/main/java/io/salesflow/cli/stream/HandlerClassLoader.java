package io.salesflow.cli.stream;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads a function's deployment jar the way Lambda isolates it: the jar's own classes first (its
 * Iceberg, SDK, Hadoop), except the Lambda interfaces and event types, the JDK and SLF4J, which are
 * shared with the CLI so that events pass between the two and logs go to one place.
 */
final class HandlerClassLoader extends URLClassLoader {

  private static final List<String> SHARED =
      List.of(
          "java.",
          "javax.",
          "jdk.",
          "sun.",
          "com.sun.",
          "org.w3c.",
          "org.xml.",
          "org.slf4j.",
          "com.amazonaws.services.lambda.runtime.");

  static {
    registerAsParallelCapable();
  }

  HandlerClassLoader(URL[] jars, ClassLoader parent) {
    super("salesflow-handler", jars, parent);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        if (shared(name)) {
          loaded = getParent().loadClass(name);
        } else {
          try {
            loaded = findClass(name);
          } catch (ClassNotFoundException e) {
            loaded = getParent().loadClass(name);
          }
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  public URL getResource(String name) {
    if (shared(name.replace('/', '.'))) {
      return super.getResource(name);
    }
    URL own = findResource(name);
    return own != null ? own : getParent().getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    Set<URL> urls = new LinkedHashSet<>(Collections.list(findResources(name)));
    urls.addAll(Collections.list(getParent().getResources(name)));
    return Collections.enumeration(urls);
  }

  private static boolean shared(String name) {
    for (String prefix : SHARED) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
