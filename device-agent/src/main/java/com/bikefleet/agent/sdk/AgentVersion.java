package com.bikefleet.agent.sdk;

/** The agent's version from its jar manifest, or "dev" when run from classes. */
public final class AgentVersion {

    private AgentVersion() {
    }

    public static String get() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
