//! Bulk loads by SST ingestion: the writes of a bulk load (RDB import) never go through the
//! WAL or the memtables. They are staged in memory, and each chunk of [`CHUNK_BYTES`] is sorted,
//! written as SST files (per column family, the big ones cut into key ranges written on all
//! cores at once) and ingested (moved into the database).
//!
//! Within a chunk the last write of a key wins, as in a write batch; a later chunk is ingested
//! with newer sequence numbers, so it wins over earlier ones. A load of at most one chunk lands
//! as non-overlapping files in the bottom level and needs no compaction at all; more chunks
//! overlap in L0 and are compacted in the background once the load is over.
//!
//! Staged writes are not readable until ingested ([`Engine::ingest_staged`]): a bulk load
//! writes keys it does not read back. Range deletions are not staged: they first ingest what
//! is staged, then apply to the database, so the order of writes is kept. The key counters'
//! merge operands go to the database directly (they are few and must add up, not overwrite).

use crate::engine::{Engine, Error, Op, Result, CF_META};
use rocksdb::{IngestExternalFileOptions, Options, SstFileWriter, WriteBatch, WriteOptions};
use std::path::{Path, PathBuf};

/// Staged bytes (keys, values and per-record overhead) past which a chunk is ingested. Unit
/// tests use tiny chunks, so that loads of a few hundred records span several.
#[cfg(not(test))]
const CHUNK_BYTES: usize = 256 << 20;
#[cfg(test)]
const CHUNK_BYTES: usize = 8 << 10;
/// Bytes counted per staged record besides its key and value (its index entry).
const RECORD_OVERHEAD: usize = 48;
/// Value length marking a deletion.
const DELETED: u32 = u32::MAX;

/// A staged record: its key's first 16 bytes (zero-padded, big-endian, so that most
/// comparisons of a sort never touch the arena), where key and value lie in the arena, and
/// its write order.
struct Entry {
    head: u128,
    at: usize,
    klen: u32,
    vlen: u32,
    seq: u32,
}

/// One column family's staged writes: keys and values back to back in one arena (no
/// allocation per record), and their index.
#[derive(Default)]
struct Staged {
    arena: Vec<u8>,
    index: Vec<Entry>,
}

impl Staged {
    fn push(&mut self, key: &[u8], value: Option<&[u8]>) {
        let mut head = [0u8; 16];
        let n = key.len().min(16);
        head[..n].copy_from_slice(&key[..n]);
        let at = self.arena.len();
        self.arena.extend_from_slice(key);
        if let Some(v) = value {
            self.arena.extend_from_slice(v);
        }
        self.index.push(Entry {
            head: u128::from_be_bytes(head),
            at,
            klen: key.len() as u32,
            vlen: value.map_or(DELETED, |v| v.len() as u32),
            seq: self.index.len() as u32,
        });
    }
}

pub(crate) struct Stage {
    dir: PathBuf,
    /// Per column family (the index of its name in `cfs`).
    staged: Vec<Staged>,
    cfs: Vec<&'static str>,
    bytes: usize,
    chunks: usize,
    /// Metadata records ingested per physical db, while all came in one chunk (then they are
    /// distinct keys); `None` once two chunks held some.
    metas: Option<Vec<u64>>,
}

impl Stage {
    pub fn new(dir: PathBuf) -> Stage {
        Stage {
            dir,
            staged: Vec::new(),
            cfs: Vec::new(),
            bytes: 0,
            chunks: 0,
            metas: Some(Vec::new()),
        }
    }

    fn push(&mut self, cf: &'static str, key: &[u8], value: Option<&[u8]>) {
        self.bytes += key.len() + value.map_or(0, |v| v.len()) + RECORD_OVERHEAD;
        let i = match self.cfs.iter().position(|&c| c == cf) {
            Some(i) => i,
            None => {
                self.cfs.push(cf);
                self.staged.push(Staged::default());
                self.cfs.len() - 1
            }
        };
        self.staged[i].push(key, value);
    }
}

impl Engine {
    /// Stages a bulk batch's writes (see the module doc); ingests a chunk when one is full.
    pub(crate) fn stage(&self, ops: Vec<Op>) -> Result<()> {
        let mut guard = self.stage.lock();
        let stage = guard
            .as_mut()
            .ok_or_else(|| Error("bulk write outside a bulk load".into()))?;
        for op in ops {
            match op {
                Op::Put(cf, k, v) => stage.push(cf, &k, Some(&v)),
                Op::Delete(cf, k) => stage.push(cf, &k, None),
                Op::DeleteRange(cf, from, to) => {
                    self.ingest_chunk(stage)?;
                    let mut wb = WriteBatch::default();
                    wb.delete_range_cf(self.cf(cf), from, to);
                    self.write_unlogged(wb)?;
                }
            }
        }
        if stage.bytes >= CHUNK_BYTES {
            self.ingest_chunk(stage)?;
        }
        Ok(())
    }

    /// Ingests everything staged so far, so that reads see it. Returns how many distinct keys
    /// the load wrote per physical db when that is known without reading them back (when the
    /// load fit in one chunk; a key written twice counts once).
    pub fn ingest_staged(&self) -> Result<Option<Vec<u64>>> {
        match self.stage.lock().as_mut() {
            Some(stage) => {
                self.ingest_chunk(stage)?;
                Ok(stage.metas.clone())
            }
            None => Ok(None),
        }
    }

    pub(crate) fn write_unlogged(&self, wb: WriteBatch) -> Result<()> {
        let mut wo = WriteOptions::default();
        wo.disable_wal(true);
        Ok(self.db.write_opt(wb, &wo)?)
    }

    fn ingest_chunk(&self, stage: &mut Stage) -> Result<()> {
        if stage.bytes == 0 {
            return Ok(());
        }
        std::fs::create_dir_all(&stage.dir)
            .map_err(|e| Error(format!("{}: {e}", stage.dir.display())))?;
        stage.chunks += 1;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        for (i, staged) in stage.staged.iter_mut().enumerate() {
            if staged.index.is_empty() {
                continue;
            }
            let cf = stage.cfs[i];
            let parts = split(std::mem::take(&mut staged.index), threads);
            let opts = self.cf_options(cf);
            let arena = &staged.arena;
            let paths: Vec<PathBuf> = (0..parts.len())
                .map(|p| stage.dir.join(format!("{}-{cf}-{p}.sst", stage.chunks)))
                .collect();
            // Each part is sorted and written on its own thread: the parts cover disjoint key
            // ranges, so their files go in together.
            let counts = std::thread::scope(|scope| {
                let workers: Vec<_> = parts
                    .into_iter()
                    .zip(&paths)
                    .map(|(part, path)| scope.spawn(move || write_sst(opts, arena, part, path)))
                    .collect();
                workers
                    .into_iter()
                    .map(|w| w.join().expect("SST writer thread"))
                    .collect::<Result<Vec<_>>>()
            })?;
            *staged = Staged::default();
            let written: Vec<&PathBuf> = paths.iter().filter(|p| p.exists()).collect();
            if !written.is_empty() {
                let mut io = IngestExternalFileOptions::default();
                io.set_move_files(true);
                self.db
                    .ingest_external_file_cf_opts(self.cf(cf), &io, written)?;
            }
            if cf == CF_META {
                let mut m = vec![0u64; 256];
                for c in counts {
                    for (db, n) in c.iter().enumerate() {
                        m[db] += n;
                    }
                }
                stage.metas = match stage.metas.take() {
                    Some(before) if before.is_empty() => Some(m),
                    _ => None,
                };
            }
        }
        stage.bytes = 0;
        Ok(())
    }
}

/// Cuts an index into up to `n` parts of disjoint, ascending key ranges (by key heads, so all
/// writes of one key fall in one part), at pivots drawn from a sample.
fn split(mut index: Vec<Entry>, n: usize) -> Vec<Vec<Entry>> {
    const MIN_PART: usize = 100_000;
    let n = n.min(index.len() / MIN_PART).max(1);
    if n == 1 {
        return vec![index];
    }
    let step = (index.len() / 1024).max(1);
    let mut sample: Vec<u128> = index.iter().step_by(step).map(|e| e.head).collect();
    sample.sort_unstable();
    let mut pivots: Vec<u128> = (1..n).map(|p| sample[p * sample.len() / n]).collect();
    pivots.dedup();
    let mut parts: Vec<Vec<Entry>> = (0..=pivots.len())
        .map(|_| Vec::with_capacity(index.len() / (pivots.len() + 1) + 1))
        .collect();
    for e in index.drain(..) {
        parts[pivots.partition_point(|&p| p <= e.head)].push(e);
    }
    parts
}

/// Sorts one part and writes it as an SST file at `path` (none if the part is empty), the
/// last write of each key winning. Returns the puts written per first key byte (the db, for
/// metadata records).
fn write_sst(opts: &Options, arena: &[u8], mut part: Vec<Entry>, path: &Path) -> Result<Vec<u64>> {
    let mut counts = vec![0u64; 256];
    if part.is_empty() {
        return Ok(counts);
    }
    let key = |e: &Entry| &arena[e.at..e.at + e.klen as usize];
    part.sort_unstable_by(|a, b| {
        a.head
            .cmp(&b.head)
            .then_with(|| key(a).cmp(key(b)))
            .then(a.seq.cmp(&b.seq))
    });
    let mut w = SstFileWriter::create(opts);
    w.open(path)?;
    for (n, e) in part.iter().enumerate() {
        let k = key(e);
        if part.get(n + 1).is_some_and(|next| key(next) == k) {
            continue;
        }
        if e.vlen == DELETED {
            w.delete(k)?;
        } else {
            let from = e.at + e.klen as usize;
            w.put(k, &arena[from..from + e.vlen as usize])?;
            counts[k[0] as usize] += 1;
        }
    }
    w.finish()?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{EngineOptions, CF_DATA};
    use std::collections::BTreeMap;

    fn meta_key(db: u8, i: u32) -> Vec<u8> {
        let mut k = vec![db];
        k.extend_from_slice(format!("key:{:06}", (i * 7919) % 1000).as_bytes());
        k
    }

    fn read_all(e: &Engine, cf: &str) -> BTreeMap<Vec<u8>, Vec<u8>> {
        e.db.iterator_cf(e.cf(cf), rocksdb::IteratorMode::Start)
            .map(|r| r.unwrap())
            .map(|(k, v)| (k.to_vec(), v.to_vec()))
            .collect()
    }

    /// Writes `n` metadata-like records in a scattered order (key i goes to position
    /// i * 7919 % 1000), overwrites and deletes some, and checks the result against a model.
    fn load(n: u32, rewrites: bool) -> (Engine, tempfile::TempDir, Option<Vec<u64>>) {
        let dir = tempfile::tempdir().unwrap();
        let e = Engine::open(&EngineOptions::new(dir.path())).unwrap();
        e.begin_bulk_load().unwrap();
        let mut model = BTreeMap::new();
        let mut data = BTreeMap::new();
        let mut b = e.batch();
        for i in 0..n {
            let k = meta_key((i % 3) as u8, i);
            let v = format!("v{i}").into_bytes();
            b.put(CF_META, k.clone(), &v);
            model.insert(k, v);
            if rewrites && i % 10 == 0 {
                // A later write of the same key, in this batch or a later one, wins.
                let again = meta_key((i % 3) as u8, i / 2);
                if model.contains_key(&again) {
                    b.put(CF_META, again.clone(), b"again");
                    model.insert(again, b"again".to_vec());
                }
            }
            if rewrites && i % 13 == 0 {
                b.del(CF_META, meta_key((i % 3) as u8, i));
                model.remove(&meta_key((i % 3) as u8, i));
            }
            let dk = format!("d{:04}", i % 500).into_bytes();
            b.put(CF_DATA, dk.clone(), [i as u8]);
            data.insert(dk, vec![i as u8]);
            if i % 50 == 49 {
                e.commit(b).unwrap();
                b = e.batch();
            }
        }
        if rewrites {
            // A range deletion applies after everything written before it.
            b.del_range(CF_DATA, b"d0100", b"d0200");
            data.retain(|k, _| !(k.as_slice() >= &b"d0100"[..] && k.as_slice() < &b"d0200"[..]));
            b.put(CF_DATA, b"d0150".to_vec(), b"after");
            data.insert(b"d0150".to_vec(), b"after".to_vec());
        }
        e.commit(b).unwrap();
        if !rewrites {
            // All of it is still staged (one chunk), so none of it is readable yet.
            assert!(e.db.get_cf(e.cf(CF_DATA), b"d0001").unwrap().is_none());
        }
        let metas = e.ingest_staged().unwrap();
        assert_eq!(read_all(&e, CF_META), model);
        assert_eq!(read_all(&e, CF_DATA), data);
        e.end_bulk_load().unwrap();
        assert!(!dir.path().join("bulk-ingest").exists());
        (e, dir, metas)
    }

    #[test]
    fn a_load_of_many_chunks_keeps_the_last_write_of_every_key() {
        let (e, _dir, metas) = load(1000, true);
        // The metadata records spanned several chunks: only a read counts them.
        assert_eq!(metas, None);
        // After the load, writes go to the database as usual.
        let mut b = e.batch();
        b.put(CF_DATA, b"late".to_vec(), b"x");
        e.commit(b).unwrap();
        assert_eq!(
            read_all(&e, CF_DATA)
                .get(&b"late"[..])
                .map(|v| v.as_slice()),
            Some(&b"x"[..])
        );
    }

    #[test]
    fn a_load_of_one_chunk_counts_its_distinct_keys_per_db() {
        let (_e, _dir, metas) = load(60, false);
        let metas = metas.expect("one chunk");
        assert_eq!(&metas[..3], &[20, 20, 20]);
        assert!(metas[3..].iter().all(|&n| n == 0));
    }
}
