namespace PrivateCloud.Tasks.Backup.Dumps;

/// <summary>The database engines whose files are not safe to copy while they run, and so are dumped.</summary>
public enum DatabaseEngine
{
    MariaDb,
    MongoDb,
}

/// <summary>
/// One database service the nightly job dumps through <c>docker exec</c> before duplicity runs, and
/// how. The command runs in the container and takes the credentials from the container's own
/// environment, set there by the compose file: no secret is on a command line on either machine.
/// CouchDB is not dumped: its database files are append-only, and its documentation says so is safe
/// to copy while it runs (see README, "Backups").
/// </summary>
public sealed record DatabaseDump(string Service, DatabaseEngine Engine)
{
    /// <summary>The stack's database services, as configuration/docker-compose.yaml names them (a test checks they agree).</summary>
    public static IReadOnlyList<DatabaseDump> Stack { get; } =
    [
        new("mariadb", DatabaseEngine.MariaDb),
        new("mongo", DatabaseEngine.MongoDb),
    ];

    /// <summary>The dump's file name in the dump directory.</summary>
    public string FileName => Engine switch
    {
        DatabaseEngine.MariaDb => $"{Service}.sql",
        _ => $"{Service}.archive",
    };

    /// <summary>
    /// The <c>sh -c</c> script run in the container; it writes the dump to its stdout.
    /// MariaDB: the official image's entrypoint reaches the server the same way (root over the
    /// socket, the password in MYSQL_PWD, which mariadb-dump reads from its environment);
    /// --single-transaction reads InnoDB tables as of one moment without locking them.
    /// MongoDB: mongodump reads the password from a --config file, here its stdin, fed by printf,
    /// a shell built-in, so the value reaches no process's arguments.
    /// </summary>
    public string ContainerScript => Engine switch
    {
        DatabaseEngine.MariaDb =>
            "MYSQL_PWD=\"$MARIADB_ROOT_PASSWORD\" exec mariadb-dump --protocol=socket --user=root --single-transaction --all-databases --routines --events --triggers",
        _ =>
            "printf 'password: \"%s\"\\n' \"$MONGO_INITDB_ROOT_PASSWORD\" | mongodump --config=/dev/stdin --username=\"$MONGO_INITDB_ROOT_USERNAME\" --authenticationDatabase=admin --archive --quiet",
    };

    /// <summary>
    /// The <c>sh -c</c> script that answers 0 once the server takes connections, with the same
    /// credentials as <see cref="ContainerScript"/>: a restore waits for it before loading.
    /// </summary>
    public string ReadyScript => Engine switch
    {
        DatabaseEngine.MariaDb => "MYSQL_PWD=\"$MARIADB_ROOT_PASSWORD\" exec mariadb-admin --protocol=socket --user=root ping",
        _ => "exec mongosh --quiet --eval 'db.runCommand({ ping: 1 }).ok'",
    };

    /// <summary>
    /// The <c>sh -c</c> script that loads a dump read from its stdin, the inverse of
    /// <see cref="ContainerScript"/>. MariaDB: the dump drops and creates each table it holds.
    /// MongoDB: the password goes on mongorestore's stdin as its --config, so the archive is read
    /// from descriptor 3, a copy of the script's stdin; --drop replaces the collections it holds.
    /// </summary>
    public string LoadScript => Engine switch
    {
        DatabaseEngine.MariaDb => "MYSQL_PWD=\"$MARIADB_ROOT_PASSWORD\" exec mariadb --protocol=socket --user=root",
        _ =>
            "exec 3<&0; printf 'password: \"%s\"\\n' \"$MONGO_INITDB_ROOT_PASSWORD\" | mongorestore --config=/dev/stdin --username=\"$MONGO_INITDB_ROOT_USERNAME\" --authenticationDatabase=admin --archive=/dev/fd/3 --drop --quiet",
    };
}
