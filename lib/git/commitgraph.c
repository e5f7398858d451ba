/*
 * git's commit-graph file (Documentation/gitformat-commit-graph.txt),
 * version 1, SHA-1: a single file or a chain of layers, mapped and read in
 * place. Anything not as expected makes the graph empty (or that commit
 * unknown), and the caller reads the objects instead.
 */
#include "commitgraph.h"
#include "util/buf.h"
#include "util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct graph_layer {
	unsigned char *map;
	size_t size;
	uint32_t n, base;	/* its commits, and those of the layers below it */
	const unsigned char *fanout, *oids, *cdat, *edge;
	size_t nedge;
};

#define GRAPH_NO_PARENT 0x70000000u
#define GRAPH_EXTRA_EDGES 0x80000000u
#define GRAPH_LAST_EDGE 0x80000000u

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* Map one graph file; false (and nothing kept) when it is missing or not as expected. */
/* Are the chunks of a mapped layer where they should be? Points the layer at them. */
static bool layer_parse(struct graph_layer *l, unsigned int bases)
{
	const unsigned char *d;
	size_t oidl = 0, cdat = 0;
	unsigned int nchunks;

	d = l->map;
	nchunks = d[6];
	if (memcmp(d, "CGPH", 4) || d[4] != 1 || d[5] != 1 || d[7] != bases ||
	    8 + ((size_t)nchunks + 1) * 12 > l->size)
		return false;
	for (unsigned int i = 0; i < nchunks; i++) {
		const unsigned char *c = d + 8 + 12 * i;
		uint64_t off = be64(c + 4), end = be64(c + 16);
		const unsigned char *at;
		size_t len;
		if (off > end || end > l->size)
			return false;
		at = d + off;
		len = (size_t)(end - off);
		switch (be32(c)) {
		case 0x4f494446: /* OIDF */
			if (len != 256 * 4)
				return false;
			l->fanout = at;
			break;
		case 0x4f49444c: /* OIDL */
			l->oids = at;
			oidl = len;
			break;
		case 0x43444154: /* CDAT */
			l->cdat = at;
			cdat = len;
			break;
		case 0x45444745: /* EDGE */
			l->edge = at;
			l->nedge = len / 4;
			break;
		}
	}
	if (!l->fanout || !l->oids || !l->cdat)
		return false;
	l->n = be32(l->fanout + 255 * 4);
	if (oidl != (size_t)l->n * GIT_OID_RAWSZ || cdat != (size_t)l->n * (GIT_OID_RAWSZ + 16))
		return false;
	for (unsigned int i = 1; i < 256; i++)
		if (be32(l->fanout + 4 * i) < be32(l->fanout + 4 * (i - 1)))
			return false;
	return true;
}

static bool layer_open(struct graph_layer *l, const char *path, unsigned int bases)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(l, 0, sizeof(*l));
	if (fd < 0)
		return false;
	if (fstat(fd, &st) < 0 || st.st_size < 8 || (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return false;
	}
	l->size = (size_t)st.st_size;
	l->map = mmap(NULL, l->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (l->map == MAP_FAILED) {
		l->map = NULL;
		return false;
	}
	if (!layer_parse(l, bases)) {
		munmap(l->map, l->size);
		memset(l, 0, sizeof(*l));
		return false;
	}
	return true;
}

void commitgraph_release(struct commitgraph *g)
{
	for (size_t i = 0; i < g->nr; i++)
		munmap(g->layers[i].map, g->layers[i].size);
	free(g->layers);
	memset(g, 0, sizeof(*g));
}

static bool graph_add(struct commitgraph *g, const char *path)
{
	struct graph_layer l;
	if (!layer_open(&l, path, (unsigned int)g->nr))
		return false;
	if ((uint64_t)g->total + l.n >= GRAPH_NO_PARENT) {
		munmap(l.map, l.size);
		return false;
	}
	l.base = g->total;
	g->total += l.n;
	g->layers = xrealloc(g->layers, (g->nr + 1) * sizeof(*g->layers));
	g->layers[g->nr++] = l;
	return true;
}

void commitgraph_open(struct commitgraph *g, git_repository *git)
{
	struct buf path = BUF_INIT, chain = BUF_INIT;
	const char *dir = git_repository_commondir(git);
	FILE *fp;
	char line[128];

	memset(g, 0, sizeof(*g));
	buf_addf(&path, "%sobjects/info/commit-graph", dir);
	if (graph_add(g, path.ptr))
		goto done;
	buf_reset(&path);
	buf_addf(&path, "%sobjects/info/commit-graphs/", dir);
	buf_addf(&chain, "%scommit-graph-chain", path.ptr);
	if (!(fp = fopen(chain.ptr, "r")))
		goto done;
	while (fgets(line, sizeof(line), fp)) {
		size_t len = strcspn(line, "\r\n");
		line[len] = '\0';
		buf_reset(&chain);
		buf_addf(&chain, "%sgraph-%s.graph", path.ptr, line);
		if (len != GIT_OID_HEXSZ || !graph_add(g, chain.ptr)) {
			commitgraph_release(g);	/* a broken chain: read the objects */
			break;
		}
	}
	fclose(fp);
done:
	buf_release(&path);
	buf_release(&chain);
}

int64_t commitgraph_find(const struct commitgraph *g, const git_oid *id)
{
	for (size_t i = 0; i < g->nr; i++) {
		const struct graph_layer *l = &g->layers[i];
		unsigned int b = id->id[0];
		uint32_t lo = b ? be32(l->fanout + 4 * (b - 1)) : 0, hi = be32(l->fanout + 4 * b);
		if (hi > l->n)
			continue;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			int c = memcmp(l->oids + (size_t)mid * GIT_OID_RAWSZ, id->id, GIT_OID_RAWSZ);
			if (!c)
				return (int64_t)l->base + mid;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return -1;
}

static const struct graph_layer *graph_layer(const struct commitgraph *g, uint32_t pos)
{
	for (size_t i = g->nr; i-- > 0;)
		if (pos >= g->layers[i].base)
			return pos - g->layers[i].base < g->layers[i].n ? &g->layers[i] : NULL;
	return NULL;
}

static bool graph_oid(const struct commitgraph *g, uint32_t pos, git_oid *out)
{
	const struct graph_layer *l = graph_layer(g, pos);
	if (!l)
		return false;
	git_oid_fromraw(out, l->oids + (size_t)(pos - l->base) * GIT_OID_RAWSZ);
	return true;
}

bool commitgraph_commit(const struct commitgraph *g, uint32_t pos, git_oid *tree, int64_t *time,
			void (*add_parent)(void *data, const git_oid *id), void *data)
{
	const struct graph_layer *l = graph_layer(g, pos);
	const unsigned char *rec;
	uint32_t p1, p2;
	git_oid id;

	if (!l)
		return false;
	rec = l->cdat + (size_t)(pos - l->base) * (GIT_OID_RAWSZ + 16);
	git_oid_fromraw(tree, rec);
	p1 = be32(rec + GIT_OID_RAWSZ);
	p2 = be32(rec + GIT_OID_RAWSZ + 4);
	*time = (int64_t)(be64(rec + GIT_OID_RAWSZ + 8) & (((uint64_t)1 << 34) - 1));
	if (p1 == GRAPH_NO_PARENT)
		return true;
	if (!graph_oid(g, p1, &id))
		return false;
	add_parent(data, &id);
	if (p2 == GRAPH_NO_PARENT)
		return true;
	if (!(p2 & GRAPH_EXTRA_EDGES))
		return graph_oid(g, p2, &id) ? (add_parent(data, &id), true) : false;
	/* an octopus merge: its other parents are listed in EDGE */
	for (size_t e = p2 & ~GRAPH_EXTRA_EDGES; l->edge && e < l->nedge; e++) {
		uint32_t v = be32(l->edge + 4 * e);
		if (!graph_oid(g, v & ~GRAPH_LAST_EDGE, &id))
			return false;
		add_parent(data, &id);
		if (v & GRAPH_LAST_EDGE)
			return true;
	}
	return false;
}
