-- Clientele's own script (not Orleans'), run after PostgreSQL-Persistence.sql and PostgreSQL-Persistence-3.6.0.sql.
-- The Orleans 10.4.2 grain storage provider sends only @PayloadBinary when it writes, and, with DeleteStateOnClear,
-- asks for the optional DeleteStorageKey. The release's own PostgreSQL-Persistence.sql could not be fetched
-- (Sql/SOURCE.md); the stored main script still calls the eleven-argument WriteToStorage (JSON and XML payloads) and
-- has no delete. So: the write query calls the nine-argument WriteToStorage that the 3.6.0 migration creates, and a
-- cleared grain's row is deleted (an erased customer leaves no row behind), with the version check Orleans' other
-- queries make (a stale activation's delete deletes nothing, and Orleans reports the conflict).

UPDATE OrleansQuery SET QueryText = '
        select * from WriteToStorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
'
WHERE QueryKey = 'WriteToStorageKey';

INSERT INTO OrleansQuery(QueryKey, QueryText)
VALUES
(
    'DeleteStorageKey','
    DELETE FROM OrleansStorage
    WHERE
        GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
        AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
        AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
        AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
        AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
        AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = @GrainIdExtensionString) OR @GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL)
        AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
        AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    RETURNING Version + 1 AS NewGrainStateVersion
');
