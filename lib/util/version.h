#ifndef CRISIS_VERSION_H
#define CRISIS_VERSION_H

#define CRISIS_VERSION "0.1.0"

#endif
