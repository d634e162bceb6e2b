package com.bikefleet.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Prints how many fixes a server's database holds: bench/server-ingest.sh's cross-check of the client's count. */
public final class CountFixes {

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM fixes")) {
            r.next();
            System.out.println(r.getLong(1));
        }
    }
}
