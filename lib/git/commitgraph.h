/*
 * git's commit-graph file, read the way git reads it: internal to the git
 * layer, for its history walk (repolog.c).
 */
#ifndef CRISIS_COMMITGRAPH_H
#define CRISIS_COMMITGRAPH_H

#include <git2.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct graph_layer;

/* The layers of a repository's commit-graph; none when it has none. */
struct commitgraph {
	struct graph_layer *layers;
	size_t nr;
	uint32_t total;		/* commits in all layers */
};

/* The repository's commit-graph, as git finds it; an empty one when there is none. */
void commitgraph_open(struct commitgraph *g, git_repository *git);
void commitgraph_release(struct commitgraph *g);
/* The position of `id` in the graph, or -1. */
int64_t commitgraph_find(const struct commitgraph *g, const git_oid *id);
/*
 * The commit at `pos`: its root tree, its commit date, and its parents, in
 * order, each given to `add_parent`; false if the graph does not make sense
 * there (some parents may have been given already).
 */
bool commitgraph_commit(const struct commitgraph *g, uint32_t pos, git_oid *tree, int64_t *time,
			void (*add_parent)(void *data, const git_oid *id), void *data);

#endif
