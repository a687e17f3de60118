package com.busdk.upcloud.archfixtures.broken.shape;

/** Breaks the parameter limit: nine values where a few named groups would read better. */
public record NineValues(int a, int b, int c, int d, int e, int f, int g, int h, int i) {}
