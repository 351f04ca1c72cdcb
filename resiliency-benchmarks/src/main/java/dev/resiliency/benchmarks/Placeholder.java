package dev.resiliency.benchmarks;
class Placeholder {}
