/*
 * .crisis/index.db's full-text index of what debriefs and drill runs say:
 * their lessons, actions, decisions, notes and timelines, one document each,
 * found by the words they contain. Like the rest of index.db it is made
 * again from the files at will (crisis reindex): a file's documents are
 * replaced whole when its stamp (mtime, size) changed.
 *
 * Words are matched as SQLite's FTS5 tokenizer unicode61 (remove_diacritics
 * 2) cuts them: letters and digits, without case or accents; every other
 * character separates words.
 */
#ifndef CRISIS_SEARCH_H
#define CRISIS_SEARCH_H

#include <stddef.h>
#include <stdint.h>

struct search;

struct search_file {		/* one file of the workspace, as indexed */
	const char *path;	/* relative to the workspace: debriefs/2026-11-26-x.yaml */
	const char *source;	/* "debrief" or "drill-run" */
	const char *id;		/* its debrief or run id */
	const char *plan;	/* the plan it concerns, or NULL */
	int year;		/* of its date, 0 when unknown */
	int64_t mtime_ns, size;	/* its stamp when it was read */
};

struct search_doc {		/* one thing a file says */
	const char *kind;	/* lesson, action, decision, note, timeline, went-well, went-wrong, ... */
	const char *ref;	/* the lesson or action id, or NULL */
	const char *text;	/* NULL is taken as "" */
	const char *tags;	/* the lesson's tags separated by spaces, or NULL: each matched whole */
	long line;		/* its line in the file, 1-based */
};

/* At most this many documents in one file (they share its number in their rowid). */
#define SEARCH_MAX_DOCS ((size_t)1 << 20)
/* At most this many words in a query. */
#define SEARCH_MAX_WORDS 64

/*
 * Open (or create) the index of the workspace at `root` (ending in '/'):
 * its tables in index.db are made again, empty, when this crisis stores
 * them differently from the one that wrote them. 0 or a negative code.
 */
int search_open(struct search **out, const char *root);
/* Commit a batch left open, and close; 0 or a negative code (the batch is then lost). */
int search_close(struct search *s);

/*
 * Start a batch: the puts, drops and clears that follow are one write
 * transaction, written by search_commit (a reindex of 10,000 files
 * writes once, not 10,000 times). Outside a batch each of them is a
 * transaction of its own. Nothing to do in a batch already. 0 or a
 * negative code (CRISIS_ELOCKED while another command writes).
 */
int search_begin(struct search *s);
/* Write the batch; nothing to do outside one. 0 or a negative code (the batch is then lost). */
int search_commit(struct search *s);

/*
 * Index file `f` as saying `docs`: what was indexed of f->path before is
 * replaced. All or nothing; 0 or a negative code (more than
 * SEARCH_MAX_DOCS documents is one).
 */
int search_put(struct search *s, const struct search_file *f, const struct search_doc *docs,
	       size_t nr);
/* Forget `path` and its documents (nothing to do when it is not indexed); 0 or a negative code. */
int search_drop(struct search *s, const char *path);
/* Forget every file (crisis reindex); 0 or a negative code. */
int search_clear(struct search *s);

/*
 * Call `fn` for every file indexed, with its stamp, in path order (bytes);
 * `f` and its strings live until `fn` returns. Returns 0, the first
 * non-zero value of `fn` (which stops the walk there), or a negative code.
 */
int search_files(struct search *s, int (*fn)(const struct search_file *f, void *data),
		 void *data);

/*
 * What the index was made from, as its user keeps it: the value of `key`,
 * appended to `out`; 1, 0 when there is none, or a negative code. A clear
 * forgets it.
 */
struct buf;
int search_get_state(struct search *s, const char *key, struct buf *out);
/* Set it, in the batch when one is open; 0 or a negative code. */
int search_set_state(struct search *s, const char *key, const char *value);

struct search_query {
	/*
	 * What the user typed: its words, each matched as the start of a
	 * word of a document's text ("astreinte" finds "astreintes",
	 * "equipe" finds "Équipe"); a document must have them all. Every
	 * other character only separates words: quotes, *, :, parentheses
	 * and AND, OR, NOT, NEAR are not a query language here.
	 */
	const char *text;
	const char *plan;	/* only files of this plan, or NULL */
	int year;		/* only files of this year, or 0 */
	/* Only documents with this tag, whole and as written ("alerte" is not "alerte-nuit"), or NULL. */
	const char *tag;
	size_t limit;		/* at most this many hits, the best ones; 0: no limit */
};

struct search_hit {		/* one document found, and its file */
	const char *path, *source, *id, *plan, *kind, *ref;
	int year;
	long line;
	/* The document's whole text with each matching word between the bytes \x01 and \x02. */
	const char *text;
	double rank;		/* bm25: lower is better */
};

/*
 * Call `fn` for the documents that match `q`, best first (bm25; equals
 * in the order they have in the index, the same from one run to the
 * next); the hit and its strings live until `fn` returns, which returns
 * non-zero to stop. Returns the number of hits given to `fn`, `fn`'s value
 * when negative, or a negative code: a query with no word in it (only
 * spaces or punctuation) is one, with a message that says so, as is one of
 * more than SEARCH_MAX_WORDS words.
 */
int search_run(struct search *s, const struct search_query *q,
	       int (*fn)(const struct search_hit *h, void *data), void *data);

#endif
