package io.gator.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.jdbc.config.JournalSequenceRetrievalConfig;
import org.apache.pekko.persistence.jdbc.config.ReadJournalConfig;
import org.junit.jupiter.api.Test;

/** The read journal's polling delays as pekko-persistence-jdbc itself reads them from the derived config. */
class ReadJournalDelaysTest {

    @Test
    void readSideSeesNewEventsWithinAFewHundredMillisecondsAndKeepsTheTenSecondGapTimeout() {
        Config c = PersistenceConfig.withPersistence(ConfigFactory.parseString("gator.persistence.dialect = h2")
                .withFallback(ConfigFactory.load()));
        ReadJournalConfig rj = new ReadJournalConfig(c.getConfig("jdbc-read-journal"));
        JournalSequenceRetrievalConfig seq = rj.journalSequenceRetrievalConfiguration();
        assertEquals(200, rj.refreshInterval().toMillis());
        assertEquals(100, seq.queryDelay().toMillis());
        assertEquals(10_000, seq.queryDelay().toMillis() * seq.maxTries());
    }
}
