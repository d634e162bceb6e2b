package com.bikefleet.server.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "dev" when run from classes. */
public final class ServerVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ServerVersion.class.getPackage().getImplementationVersion();
        return new String[] {"bike-server " + (version == null ? "dev" : version)};
    }
}
