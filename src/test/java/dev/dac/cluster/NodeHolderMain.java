package dev.dac.cluster;

/** Starts a local node and waits to be killed; a child JVM of {@link LocalNodeLifecycleTest}. */
public final class NodeHolderMain {

    private NodeHolderMain() {}

    public static void main(String[] args) throws Exception {
        LocalNode node = new LocalNodeProvider(LocalNodeSettings.fromEnvironment(System.getenv())).start();
        System.out.println("READY " + node.processHandle().pid() + " " + node.runDir());
        System.out.flush();
        Thread.sleep(300_000);
    }
}
