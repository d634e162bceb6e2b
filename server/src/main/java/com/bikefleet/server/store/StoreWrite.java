package com.bikefleet.server.store;

/** Anything ingest hands to the store's single writer. */
public sealed interface StoreWrite permits FixBatch, TelemetryBatch, BikeStatusUpdate, HealthProbe {
}
