package io.salesflow.etl;

import io.salesflow.core.table.SalesHistoryTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.util.ContentFileUtil;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-container key index of one table: for every partition it holds, each live row's key, data
 * file, row position and {@code stream_seq}, kept at the table's current snapshot.
 *
 * <ul>
 *   <li><b>Incremental.</b> Each lookup first brings the index to the current snapshot by reading
 *       only what the snapshots since the indexed one changed: the keys of the data files they
 *       added, the position-delete files they added (those rows leave the index), the data files
 *       they removed (their rows leave). An equality delete, or a removed delete file whose data
 *       file is still live, drops the partition from the index (it is read again when needed). If
 *       the indexed snapshot is no longer an ancestor of the current one (a rollback, or expired
 *       meanwhile), the index is rebuilt.
 *   <li><b>Proof of absence.</b> While every partition with live files is indexed, a key the index
 *       does not hold is in no row of the table: a new key costs no data read at all.
 *   <li><b>Bounded.</b> Partitions are held whole, within {@code budgetBytes} (estimated heap), the
 *       least recently used evicted first. A key not found in the held partitions is looked up in
 *       the others the way {@link KeyLookup} does (files pruned by statistics and Bloom filters); a
 *       partition where such a lookup found a key, or where the batch wrote, is loaded for next
 *       time if it fits.
 * </ul>
 *
 * <p>Not thread-safe: one per table per container, used by the batch's thread (reads fan out to
 * {@link KeyLookup}'s readers).
 */
final class KeyIndex {

  private static final Logger LOG = LoggerFactory.getLogger(KeyIndex.class);

  /**
   * Estimated heap of one indexed row besides its strings' characters: the key object and its list,
   * three string headers, the hash-map node and the row's slots. The benchmark measures it.
   */
  static final long ROW_BYTES = 240;

  /**
   * A row's estimate before it is read: {@link #ROW_BYTES} and typical key and sequence lengths.
   */
  private static final long ESTIMATED_ROW_BYTES = ROW_BYTES + 80;

  /** What the last lookup cost. */
  record Cost(int filesRead, int partitionsLoaded, boolean rebuilt, boolean complete) {}

  private record PartitionRef(int specId, List<Object> values) {
    static PartitionRef of(ContentFile<?> file) {
      StructLike partition = file.partition();
      List<Object> values = new ArrayList<>(partition.size());
      for (int i = 0; i < partition.size(); i++) {
        values.add(partition.get(i, Object.class));
      }
      return new PartitionRef(file.specId(), values);
    }
  }

  /** A partition with live data files; {@code loaded} when its rows are in the index. */
  private static final class Part {
    final Set<String> files = new HashSet<>();
    final Map<String, IndexedFile> indexed = new HashMap<>();
    long records;
    boolean loaded;
    long bytes;
    long used;
  }

  /** The rows of one data file, in position order. */
  private static final class IndexedFile {
    final DataFile file;
    final long[] positions;
    final SaleKey[] keys;
    final String[] seqs;
    final long bytes;

    IndexedFile(DataFile file, List<KeyLookup.Located> rows) {
      this.file = file;
      this.positions = new long[rows.size()];
      this.keys = new SaleKey[rows.size()];
      this.seqs = new String[rows.size()];
      long size = 0;
      rows.sort((a, b) -> Long.compare(a.position(), b.position()));
      for (int i = 0; i < rows.size(); i++) {
        KeyLookup.Located row = rows.get(i);
        positions[i] = row.position();
        keys[i] = row.key();
        seqs[i] = row.streamSeq();
        size += ROW_BYTES + (row.streamSeq() == null ? 0 : row.streamSeq().length());
        for (String value : row.key().values()) {
          size += value == null ? 0 : value.length();
        }
      }
      this.bytes = size;
    }

    KeyLookup.Located located(int row) {
      return new KeyLookup.Located(keys[row], file, positions[row], seqs[row]);
    }
  }

  /** One row of a key: a chain, as a key may (wrongly, from older writers) have several. */
  private static final class Entry {
    final IndexedFile file;
    final int row;
    Entry next;

    Entry(IndexedFile file, int row, Entry next) {
      this.file = file;
      this.row = row;
      this.next = next;
    }
  }

  private final List<String> keyColumns;
  private final long budgetBytes;
  private final Map<PartitionRef, Part> parts = new HashMap<>();
  private final Map<SaleKey, Entry> rows = new HashMap<>();
  private final Set<PartitionRef> wanted = new HashSet<>();
  private Long snapshotId;
  private long bytes;
  private long tick;
  private int filesRead;
  private int partitionsLoaded;
  private boolean rebuilt;

  /**
   * @param keyColumns the table's key columns, in order
   * @param budgetBytes estimated heap the index may hold; 0 holds nothing (every lookup reads)
   */
  KeyIndex(List<String> keyColumns, long budgetBytes) {
    this.keyColumns = List.copyOf(keyColumns);
    this.budgetBytes = budgetBytes;
  }

  /** Every live row of {@code keys} in {@code table} at its current snapshot (refresh it first). */
  KeyLookup.Result find(Table table, Collection<SaleKey> keys) {
    filesRead = 0;
    partitionsLoaded = 0;
    rebuilt = false;
    if (budgetBytes <= 0) {
      KeyLookup.Result result = KeyLookup.find(table, keyColumns, keys);
      filesRead = -1;
      return result;
    }
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      clear();
      return new KeyLookup.Result(null, Map.of());
    }
    refresh(table, current);
    long used = ++tick;
    Map<SaleKey, List<KeyLookup.Located>> found = new HashMap<>();
    for (SaleKey key : keys) {
      for (Entry e = rows.get(key); e != null; e = e.next) {
        found.computeIfAbsent(key, k -> new ArrayList<>()).add(e.file.located(e.row));
        parts.get(PartitionRef.of(e.file.file)).used = used;
      }
    }
    Set<PartitionRef> missing = new HashSet<>();
    parts.forEach(
        (ref, part) -> {
          if (!part.loaded) {
            missing.add(ref);
          }
        });
    if (!missing.isEmpty() && !keys.isEmpty()) {
      Expression filter = KeyLookup.filter(keyColumns, keys);
      List<FileScanTask> tasks = new ArrayList<>();
      for (FileScanTask task : KeyLookup.plan(table, snapshotId, filter)) {
        if (missing.contains(PartitionRef.of(task.file()))) {
          tasks.add(task);
        }
      }
      Set<SaleKey> keySet = Set.copyOf(keys);
      for (List<KeyLookup.Located> fileRows :
          KeyLookup.read(table, tasks, keyColumns, filter, keySet::contains)) {
        for (KeyLookup.Located row : fileRows) {
          found.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
          wanted.add(PartitionRef.of(row.file()));
        }
      }
      filesRead += tasks.size();
      loadWanted(table, used);
    }
    return new KeyLookup.Result(snapshotId, found);
  }

  /**
   * Asks for the partitions of {@code written} (a committed batch's data files) to be held, so the
   * next batches find their keys there without reading; loaded at the next lookup if they fit.
   */
  void prefer(Collection<DataFile> written) {
    if (budgetBytes <= 0) {
      return;
    }
    for (DataFile file : written) {
      PartitionRef ref = PartitionRef.of(file);
      Part part = parts.get(ref);
      if (part == null || !part.loaded) {
        wanted.add(ref);
      }
    }
  }

  /** What the last {@link #find} cost; {@code filesRead} is -1 when the index is off. */
  Cost lastCost() {
    return new Cost(filesRead, partitionsLoaded, rebuilt, complete());
  }

  /** Estimated heap held now. */
  long bytes() {
    return bytes;
  }

  /** Rows held. */
  int size() {
    int n = 0;
    for (Part part : parts.values()) {
      for (IndexedFile file : part.indexed.values()) {
        n += file.positions.length;
      }
    }
    return n;
  }

  /** Whether every partition with live data files is held: then absence is proven in memory. */
  boolean complete() {
    for (Part part : parts.values()) {
      if (!part.loaded) {
        return false;
      }
    }
    return snapshotId != null;
  }

  private void clear() {
    parts.clear();
    rows.clear();
    wanted.clear();
    bytes = 0;
    snapshotId = null;
  }

  private void refresh(Table table, Snapshot current) {
    if (snapshotId != null && snapshotId == current.snapshotId()) {
      return;
    }
    if (snapshotId == null || !SnapshotUtil.isAncestorOf(table, current.snapshotId(), snapshotId)) {
      rebuild(table, current);
      return;
    }
    List<SnapshotChanges> newer = new ArrayList<>();
    for (Snapshot snapshot :
        SnapshotUtil.ancestorsBetween(table, current.snapshotId(), snapshotId)) {
      newer.add(0, SnapshotChanges.builderFor(table).snapshot(snapshot).build());
    }
    Map<String, List<KeyLookup.Located>> added = readAdded(table, newer);
    for (SnapshotChanges changes : newer) {
      apply(table, changes, added);
    }
    snapshotId = current.snapshotId();
  }

  /**
   * The rows of the data files the snapshots added in held or new partitions, read at once ({@link
   * KeyLookup#CONCURRENT_READS} at a time): with many writers, a lookup follows many small commits
   * of the others.
   */
  private Map<String, List<KeyLookup.Located>> readAdded(Table table, List<SnapshotChanges> newer) {
    List<DataFile> files = new ArrayList<>();
    for (SnapshotChanges changes : newer) {
      for (DataFile file : changes.addedDataFiles()) {
        Part part = parts.get(PartitionRef.of(file));
        if (part == null || part.loaded) {
          files.add(file);
        }
      }
    }
    Map<String, List<KeyLookup.Located>> rows = new HashMap<>();
    List<List<KeyLookup.Located>> read = KeyLookup.rowsOf(table, files, keyColumns);
    for (int i = 0; i < files.size(); i++) {
      rows.put(files.get(i).location(), read.get(i));
    }
    filesRead += files.size();
    return rows;
  }

  /** Forgets everything and lists the live files; holds every partition if the table fits. */
  private void rebuild(Table table, Snapshot current) {
    clear();
    rebuilt = true;
    snapshotId = current.snapshotId();
    List<FileScanTask> tasks =
        KeyLookup.plan(table, current.snapshotId(), Expressions.alwaysTrue());
    long estimate = 0;
    for (FileScanTask task : tasks) {
      Part part = parts.computeIfAbsent(PartitionRef.of(task.file()), r -> new Part());
      part.files.add(task.file().location());
      part.records += task.file().recordCount();
      estimate += task.file().recordCount() * ESTIMATED_ROW_BYTES;
    }
    if (estimate <= budgetBytes) {
      load(table, tasks, parts.keySet(), ++tick);
    } else {
      LOG.info(
          "{}: ~{} MB of keys exceed the key index's {} MB; partitions are held as batches use"
              + " them",
          table.name(),
          estimate >> 20,
          budgetBytes >> 20);
    }
  }

  /** One snapshot's changes, applied in commit order. */
  private void apply(
      Table table, SnapshotChanges changes, Map<String, List<KeyLookup.Located>> added) {
    for (DataFile removed : changes.removedDataFiles()) {
      Part part = parts.get(PartitionRef.of(removed));
      if (part == null) {
        continue;
      }
      if (part.files.remove(removed.location())) {
        part.records -= removed.recordCount();
      }
      IndexedFile file = part.indexed.remove(removed.location());
      if (file != null) {
        unindex(file);
        part.bytes -= file.bytes;
      }
      if (part.files.isEmpty()) {
        parts.remove(PartitionRef.of(removed));
      }
    }
    for (DataFile file : changes.addedDataFiles()) {
      Part part = added(file);
      if (part.loaded) {
        List<KeyLookup.Located> rows = added.get(file.location());
        if (rows == null) {
          filesRead++;
          rows = KeyLookup.rowsOf(table, file, keyColumns);
        }
        index(part, new IndexedFile(file.copyWithoutStats(), new ArrayList<>(rows)));
      }
    }
    BaseDeleteLoader loader = new BaseDeleteLoader(f -> table.io().newInputFile(f));
    for (DeleteFile delete : changes.addedDeleteFiles()) {
      Part part = parts.get(PartitionRef.of(delete));
      if (part == null || !part.loaded) {
        continue;
      }
      if (delete.content() == FileContent.EQUALITY_DELETES) {
        unload(part);
        continue;
      }
      String referenced = ContentFileUtil.referencedDataFileLocation(delete);
      List<IndexedFile> targets = new ArrayList<>();
      if (referenced != null) {
        IndexedFile target = part.indexed.get(referenced);
        if (target != null) {
          targets.add(target);
        }
      } else {
        targets.addAll(part.indexed.values());
      }
      for (IndexedFile target : targets) {
        filesRead++;
        PositionDeleteIndex deleted =
            loader.loadPositionDeletes(List.of(delete), target.file.location());
        deleted.forEach(position -> remove(target, position));
      }
    }
    for (DeleteFile removed : changes.removedDeleteFiles()) {
      Part part = parts.get(PartitionRef.of(removed));
      if (part == null || !part.loaded) {
        continue;
      }
      String referenced = ContentFileUtil.referencedDataFileLocation(removed);
      if (referenced == null || part.files.contains(referenced)) {
        // The rows it deleted could be live again: read the partition afresh when needed.
        unload(part);
      }
    }
    evict(Long.MAX_VALUE, budgetBytes);
  }

  /**
   * Learns a commit this container just made without reading what it wrote: when the index was at
   * the commit's parent snapshot, the written rows join it (their positions known from the writer;
   * a file whose rows are not known is read) and the rows the commit deleted by position leave.
   * Otherwise (another writer committed in between) it does nothing, and the next lookup reads the
   * changes as usual.
   *
   * @param committedId the snapshot the commit made
   * @param files what the commit added
   * @param deleted the rows its position deletes name
   */
  void committed(
      Table table, long committedId, DeltaWriter.Files files, List<KeyLookup.Located> deleted) {
    Snapshot snapshot = table.snapshot(committedId);
    if (budgetBytes <= 0
        || snapshotId == null
        || snapshot == null
        || !snapshotId.equals(snapshot.parentId())) {
      return;
    }
    for (DataFile file : files.dataFiles()) {
      Part part = added(file);
      if (!part.loaded) {
        continue;
      }
      List<Record> written = files.contents().get(file.location());
      List<KeyLookup.Located> rows;
      if (written == null) {
        rows = KeyLookup.rowsOf(table, file, keyColumns);
      } else {
        rows = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
          Record row = written.get(i);
          Object seq = row.getField(SalesHistoryTable.STREAM_SEQ);
          rows.add(
              new KeyLookup.Located(
                  KeyLookup.key(row, keyColumns), file, i, seq == null ? null : seq.toString()));
        }
      }
      index(part, new IndexedFile(file.copyWithoutStats(), rows));
    }
    for (KeyLookup.Located row : deleted) {
      Part part = parts.get(PartitionRef.of(row.file()));
      IndexedFile file = part == null ? null : part.indexed.get(row.path());
      if (file != null) {
        remove(file, row.position());
      }
    }
    snapshotId = committedId;
    evict(Long.MAX_VALUE, budgetBytes);
  }

  /** Registers a data file added to the table; a new partition is held if it fits. */
  private Part added(DataFile added) {
    PartitionRef ref = PartitionRef.of(added);
    Part part = parts.get(ref);
    if (part == null) {
      // A new partition: held from its first file on, if it fits, so the index stays complete.
      part = new Part();
      part.loaded = bytes + added.recordCount() * ESTIMATED_ROW_BYTES <= budgetBytes;
      part.used = tick;
      parts.put(ref, part);
    }
    part.files.add(added.location());
    part.records += added.recordCount();
    return part;
  }

  /** Loads the wanted partitions that fit, evicting ones this lookup did not use. */
  private void loadWanted(Table table, long used) {
    Set<PartitionRef> toLoad = new HashSet<>();
    for (PartitionRef ref : wanted) {
      Part part = parts.get(ref);
      if (part != null && !part.loaded) {
        toLoad.add(ref);
      }
    }
    wanted.clear();
    if (toLoad.isEmpty()) {
      return;
    }
    List<FileScanTask> tasks =
        KeyLookup.plan(table, snapshotId, Expressions.alwaysTrue()).stream()
            .filter(task -> toLoad.contains(PartitionRef.of(task.file())))
            .toList();
    load(table, tasks, toLoad, used);
  }

  /** Reads {@code refs}' rows (deletes applied) from their tasks, each partition if it fits. */
  private void load(Table table, List<FileScanTask> tasks, Set<PartitionRef> refs, long used) {
    Map<PartitionRef, List<FileScanTask>> byPart = new LinkedHashMap<>();
    for (FileScanTask task : tasks) {
      PartitionRef ref = PartitionRef.of(task.file());
      if (refs.contains(ref)) {
        byPart.computeIfAbsent(ref, r -> new ArrayList<>()).add(task);
      }
    }
    for (Map.Entry<PartitionRef, List<FileScanTask>> entry : byPart.entrySet()) {
      Part part = parts.get(entry.getKey());
      long estimate = part.records * ESTIMATED_ROW_BYTES;
      if (bytes + estimate > budgetBytes) {
        evict(used, budgetBytes - estimate);
        if (bytes + estimate > budgetBytes) {
          continue;
        }
      }
      List<FileScanTask> partTasks = entry.getValue();
      List<List<KeyLookup.Located>> read =
          KeyLookup.read(table, partTasks, keyColumns, Expressions.alwaysTrue(), k -> true);
      filesRead += partTasks.size();
      part.loaded = true;
      part.used = used;
      partitionsLoaded++;
      for (int i = 0; i < partTasks.size(); i++) {
        DataFile file = partTasks.get(i).file();
        index(part, new IndexedFile(file.copyWithoutStats(), new ArrayList<>(read.get(i))));
      }
      evict(Long.MAX_VALUE, budgetBytes); // estimates can be short: the newest goes last
    }
  }

  private void index(Part part, IndexedFile file) {
    part.indexed.put(file.file.location(), file);
    part.bytes += file.bytes;
    bytes += file.bytes;
    for (int i = 0; i < file.keys.length; i++) {
      rows.put(file.keys[i], new Entry(file, i, rows.get(file.keys[i])));
    }
  }

  private void unindex(IndexedFile file) {
    bytes -= file.bytes;
    for (int i = 0; i < file.keys.length; i++) {
      removeEntry(file, i);
    }
  }

  /** The row at {@code position} of {@code file} was deleted. */
  private void remove(IndexedFile file, long position) {
    int row = java.util.Arrays.binarySearch(file.positions, position);
    if (row >= 0) {
      removeEntry(file, row);
    }
  }

  private void removeEntry(IndexedFile file, int row) {
    SaleKey key = file.keys[row];
    Entry head = rows.get(key);
    Entry previous = null;
    for (Entry e = head; e != null; previous = e, e = e.next) {
      if (e.file == file && e.row == row) {
        if (previous == null) {
          if (e.next == null) {
            rows.remove(key);
          } else {
            rows.put(key, e.next);
          }
        } else {
          previous.next = e.next;
        }
        return;
      }
    }
  }

  private void unload(Part part) {
    for (IndexedFile file : part.indexed.values()) {
      unindex(file);
    }
    part.indexed.clear();
    part.bytes = 0;
    part.loaded = false;
  }

  /**
   * Evicts least recently used partitions not used at {@code used} until at most {@code target}.
   */
  private void evict(long used, long target) {
    List<Part> candidates = new ArrayList<>();
    for (Part part : parts.values()) {
      if (part.loaded && part.used < used) {
        candidates.add(part);
      }
    }
    candidates.sort((a, b) -> Long.compare(a.used, b.used));
    for (Part part : candidates) {
      if (bytes <= target) {
        return;
      }
      unload(part);
    }
  }
}
