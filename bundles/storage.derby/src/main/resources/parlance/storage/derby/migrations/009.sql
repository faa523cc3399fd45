-- Archive queries on large archives (measured by benchmarks/jmh ArchiveQueryBenchmark on 1,000,000 messages)
-- Derby scans a B-tree forward only, so the last page (ORDER BY seq DESC, XEP-0059 before='') sorted the whole
-- archive: descending indexes let it read the newest rows first, with and without a bare 'with'.
CREATE INDEX archive_messages_last ON archive_messages (archive, seq DESC);
CREATE INDEX archive_messages_with_last ON archive_messages (archive, with_bare, seq DESC);
-- start/end windows (XEP-0313 §4.1.2) read the archive's rows in their time range, not the whole archive.
CREATE INDEX archive_messages_time ON archive_messages (archive, stored_at);
-- The number of messages of each archive, kept by the store on append and purge, so that the RSM <count/> of an
-- unfiltered query (XEP-0059 §2.6) is one row instead of a scan of every message of the archive.
CREATE TABLE archive_counts (
  archive VARCHAR(3071) NOT NULL PRIMARY KEY,
  messages BIGINT NOT NULL
);
INSERT INTO archive_counts (archive, messages) SELECT archive, COUNT(*) FROM archive_messages GROUP BY archive;
